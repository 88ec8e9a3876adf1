"""Where an offer (or an event: anything with street, postcode, city, latitude,
longitude and municipality) takes place, as text and as links to route planners
(OpenStreetMap and the regional public-transport planner the municipality names). Links
only: the pages load nothing from those sites."""
from urllib.parse import quote, urlencode

OSM_DIRECTIONS = "https://www.openstreetmap.org/directions"


def address_line(offer):
    """"Street 1, 45699 Herten" — what a geocoder or a planner is asked for."""
    town = " ".join(p for p in (offer.postcode, offer.city or offer.municipality.name) if p)
    return ", ".join(p for p in (offer.street, town) if p)


def has_coordinates(offer):
    return offer.latitude is not None and offer.longitude is not None


def osm_directions_url(offer):
    """Route planning in OpenStreetMap to the coordinates, else to the address; None
    without a street or coordinates (a town name alone is no destination)."""
    if has_coordinates(offer):
        return f"{OSM_DIRECTIONS}?{urlencode({'to': f'{offer.latitude},{offer.longitude}'})}"
    if offer.street:
        return f"{OSM_DIRECTIONS}?{urlencode({'to': address_line(offer)})}"
    return None


def transit_url(offer):
    """The municipality's planner template filled in; None when it has none, or when
    it needs coordinates (or a street) the offer lacks."""
    template = offer.municipality.transit_planner_url
    if not template:
        return None
    needs_coordinates = "{lat}" in template or "{lon}" in template
    if needs_coordinates and not has_coordinates(offer):
        return None
    if "{address}" in template and not offer.street:
        return None
    return template.format(
        lat=offer.latitude if needs_coordinates else "", lon=offer.longitude if needs_coordinates else "",
        address=quote(address_line(offer), safe=""))
