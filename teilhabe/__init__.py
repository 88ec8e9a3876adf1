"""teilhabe — integration strategy and offers for German municipalities."""
