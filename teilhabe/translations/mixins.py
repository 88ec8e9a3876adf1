"""What a registered model offers its pages: its texts in a language (German per field where
untranslated), its translations in its history, the languages it is translated into."""
from teilhabe.translations import texts


class Translated:
    """Mixin for models registered with registry.register (topics, texts, news)."""

    def in_language(self, code):
        """{field: text in `code` or German}, "outdated", "german" (texts.in_language)."""
        return texts.in_language(self, code)

    def history_extra(self):
        """Translations count as the object's own fields in its history (title_en …)."""
        return texts.history_texts(self)

    def translated_languages(self):
        return sorted({t.language for t in texts.translations_of(self)})
