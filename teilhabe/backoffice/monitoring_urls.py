"""The monitoring pages under /backoffice/; app_name keeps the names monitoring:…"""
from django.urls import path

from teilhabe.backoffice.views import monitoring as views
from teilhabe.backoffice.views import monitoring_dashboard as dashboard_views
from teilhabe.backoffice.views import monitoring_report as report_views

app_name = "monitoring"
urlpatterns = [
    path("<slug:slug>/monitoring/", views.indicator_list, name="indicators"),
    path("<slug:slug>/monitoring/<int:pk>/", views.indicator_detail, name="indicator"),
    path("<slug:slug>/monitoring/thresholds/", views.thresholds, name="thresholds"),
    path("<slug:slug>/monitoring/catalogue/", views.catalogue_adopt, name="catalogue_adopt"),
    path("<slug:slug>/monitoring/<int:pk>/csv/", views.indicator_csv, name="indicator_csv"),
    path("<slug:slug>/monitoring/indicators/new/", views.indicator_edit, name="indicator_new"),
    path("<slug:slug>/monitoring/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("<slug:slug>/monitoring/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("<slug:slug>/monitoring/<int:pk>/values/new/", views.observations_edit, name="observations_new"),
    path("<slug:slug>/monitoring/<int:pk>/values/<str:period>/", views.observations_edit, name="observations_edit"),
    path("<slug:slug>/monitoring/<int:pk>/values/<str:period>/delete/", views.observations_delete,
         name="observations_delete"),
    path("<slug:slug>/monitoring/upload/", views.statistics_upload, name="upload"),
    path("<slug:slug>/monitoring/upload/<int:pk>/", views.statistics_file, name="statistics_file"),
    path("<slug:slug>/monitoring/upload/<int:pk>/delete/", views.statistics_file_delete,
         name="statistics_file_delete"),
    path("<slug:slug>/monitoring/results/", views.my_measures, name="my_measures"),
    path("<slug:slug>/monitoring/results/<int:pk>/", views.measure_results, name="measure_results"),
    path("<slug:slug>/monitoring/results/<int:pk>/new/", views.measure_result_edit, name="measure_result_new"),
    path("<slug:slug>/monitoring/results/<int:pk>/<str:period>/", views.measure_result_edit,
         name="measure_result_edit"),
    path("<slug:slug>/monitoring/results/<int:pk>/<str:period>/delete/", views.measure_result_delete,
         name="measure_result_delete"),
    path("<slug:slug>/monitoring/report/", report_views.report_index, name="report_index"),
    path("<slug:slug>/monitoring/report/<str:year>/", report_views.report_html, name="report"),
    path("<slug:slug>/monitoring/report/<str:year>/pdf/", report_views.report_pdf, name="report_pdf"),
    path("<slug:slug>/monitoring/report/<str:year>/edit/", report_views.report_edit, name="report_edit"),
    path("<slug:slug>/monitoring/report/<str:year>/council/", report_views.report_submit, name="report_submit"),
]

# The dashboard (views/monitoring_dashboard.py).
urlpatterns += [
    path("<slug:slug>/monitoring/dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("<slug:slug>/monitoring/dashboard/data/<str:key>/<str:fmt>/", dashboard_views.dashboard_data,
         name="dashboard_data"),
    path("<slug:slug>/monitoring/<int:pk>/xlsx/", views.indicator_xlsx, name="indicator_xlsx"),
]
