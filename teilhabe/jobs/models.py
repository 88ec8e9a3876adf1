"""A job for the background worker. The queue is this table: no extra server to run."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("wartet")
        RUNNING = "running", _("läuft")
        DONE = "done", _("erledigt")
        FAILED = "failed", _("fehlgeschlagen")

    name = models.CharField(max_length=80)
    payload = models.JSONField(default=dict, blank=True)
    # Two pending jobs with the same key would do the same work twice.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=5)
    run_after = models.DateTimeField()
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=80, blank=True)
    # The current attempt: when it began, and from when it counts as hung, however fresh
    # its heartbeat (its kind's maximum runtime and a grace; jobs/__init__.py).
    started_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True)
    # The exception's type and message only; handlers must not put personal data in them.
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run_after", "id"]
        indexes = [models.Index(fields=["status", "run_after"])]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], condition=models.Q(status="pending"),
                                    name="job_one_pending_per_key"),
        ]
        verbose_name = _("Hintergrundaufgabe")
        verbose_name_plural = _("Hintergrundaufgaben")

    def __str__(self):
        return f"{self.name} #{self.pk} ({self.status})"
