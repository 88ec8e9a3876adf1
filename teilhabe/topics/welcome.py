"""The welcome folder (Willkommensmappe): what an advice centre hands out on a first visit —
the chosen topics with their information texts and the offers that fit one district and one
target group, in one language. The portal lays it out (templates/portal/topics/welcome_pdf.html,
WeasyPrint); texts without a translation stay German, each marked with its language."""
from django.db.models import Prefetch, Q

from teilhabe.offers.models import OfferTranslation

from teilhabe.translations.texts import prefetch

from .models import InformationText


def folder_topics(topics, *, language, district=None, target_group=None):
    """[(topic, its texts, [(text, texts)], [(offer, texts)])] for the chosen topics. An offer
    fits a district when it names it or names none (it is for the whole town); the same for
    target groups."""
    result = []
    for topic in topics:
        offers = topic.public_offers().select_related("provider").prefetch_related(
            Prefetch("translations", queryset=OfferTranslation.objects.select_related("language")))
        if district is not None:
            offers = offers.filter(Q(districts=district) | Q(districts__isnull=True))
        if target_group is not None:
            offers = offers.filter(Q(target_groups=target_group) | Q(target_groups__isnull=True))
        texts = prefetch(InformationText.objects.filter(topic=topic, is_published=True), language)
        result.append((topic, topic.in_language(language),
                       [(text, text.in_language(language)) for text in texts],
                       [(offer, offer.in_language(language)) for offer in offers.distinct()]))
    return result
