"""News of a municipality's portal (/<slug>/news/…): list, item, Atom feed, files."""
from django.urls import path

from .views import news

app_name = "news"
m = "<slug:slug>/news/"
urlpatterns = [
    path(m, news.news_list, name="list"),
    path(m + "feed.atom", news.news_feed, name="feed"),
    path(m + "<int:pk>/", news.news_page, name="item"),
    path(m + "pictures/<int:pk>/<int:width>.webp", news.picture_file, name="picture"),
    path(m + "files/<int:pk>.pdf", news.attachment_file, name="attachment"),
]
