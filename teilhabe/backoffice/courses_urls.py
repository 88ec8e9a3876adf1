"""Back office of Kreis course steering, under /backoffice/<slug>/kurse/… (the Kreis's slug
or one of its towns'); its own namespace "courses_backoffice", mounted beside
backoffice.urls, so that it can be mounted either way."""
from django.urls import path

from .views.courses import allocation, courses, kitas, learners

app_name = "courses_backoffice"
m = "<slug:slug>/kurse/"
urlpatterns = [
    path(m, courses.course_list, name="courses"),
    path(m + "neu/", courses.course_edit, name="course_new"),
    path(m + "<int:pk>/", courses.course_detail, name="course"),
    path(m + "<int:pk>/bearbeiten/", courses.course_edit, name="course_edit"),
    path(m + "<int:pk>/absagen/", courses.course_cancel, name="course_cancel"),
    path(m + "traeger/", courses.provider_list, name="providers"),
    path(m + "traeger/<int:actor_pk>/zulassung/", courses.approval_edit, name="approval_edit"),
    path(m + "warteliste/", learners.learner_list, name="learners"),
    path(m + "warteliste/neu/", learners.learner_edit, name="learner_new"),
    path(m + "warteliste/<int:pk>/", learners.learner_detail, name="learner"),
    path(m + "warteliste/<int:pk>/bearbeiten/", learners.learner_edit, name="learner_edit"),
    path(m + "warteliste/<int:pk>/zurueckziehen/", learners.learner_withdraw, name="learner_withdraw"),
    path(m + "kitas/", kitas.kita_list, name="kitas"),
    path(m + "kitas/neu/", kitas.kita_edit, name="kita_new"),
    path(m + "kitas/<int:pk>/", kitas.kita_edit, name="kita_edit"),
    path(m + "einstellungen/", kitas.settings_edit, name="settings"),
    path(m + "vermittlung/", allocation.allocation_page, name="allocation"),
]
