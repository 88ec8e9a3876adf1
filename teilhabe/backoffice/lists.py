"""Filtering, sorting and paging for back-office lists, driven by the query string so
every list view works without JavaScript and every state has a link."""
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q


@dataclass
class Filter:
    name: str          # query-string parameter
    label: str
    choices: list      # [(value, label)]
    lookup: str = ""   # queryset lookup the value is applied to
    apply: object = None  # or a function (queryset, value) -> queryset


@dataclass
class ListSpec:
    filters: list
    sorts: dict        # key -> (label, order_by tuple)
    default_sort: str
    search: tuple = ()  # fields searched by "q" (icontains)
    per_page: int = 50
    extra: dict = field(default_factory=dict)


def apply_list(request, queryset, spec):
    """Returns a context dict: page, filters with their selected values, sort, q."""
    active = []
    for f in spec.filters:
        value = request.GET.get(f.name, "")
        valid = {str(v) for v, _ in f.choices}
        if value and value in valid:
            queryset = f.apply(queryset, value) if f.apply else queryset.filter(**{f.lookup: value})
        else:
            value = ""
        active.append({"name": f.name, "label": f.label, "choices": f.choices, "value": value})
    q = request.GET.get("q", "").strip()[:100]
    if q and spec.search:
        cond = Q()
        for name in spec.search:
            cond |= Q(**{f"{name}__icontains": q})
        queryset = queryset.filter(cond)
    sort = request.GET.get("sort", spec.default_sort)
    descending = sort.startswith("-")
    if sort.lstrip("-") not in spec.sorts:
        sort, descending = spec.default_sort, spec.default_sort.startswith("-")
    order = spec.sorts[sort.lstrip("-")][1]
    if descending:
        order = tuple(o[1:] if o.startswith("-") else "-" + o for o in order)
    queryset = queryset.order_by(*order, "pk").distinct()
    page = Paginator(queryset, spec.per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "page": page,
        "filters": active,
        "q": q,
        "has_search": bool(spec.search),
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in spec.sorts.items()],
        "query_without_page": params.urlencode(),
        "filtered": bool(q or any(f["value"] for f in active)),
    }
