"""The starting program templates; clinicians change them on the staff pages."""

from django.db import migrations

TEMPLATES = [
    {
        "name": "Sciatica - early",
        "description": "Gentle nerve glides, hip flexor release and stretch, and bridges. Everything pain-free.",
        "items": [
            "seated-nerve-glide",
            "lying-nerve-glide",
            "hip-flexor-release",
            "kneeling-hip-flexor-stretch",
            "glute-bridge",
        ],
    },
    {
        "name": "Hamstring strain - early",
        "description": "Release around the injury (never on it), hip flexor stretch, bridges and a short hip hinge starting at 5 repetitions.",
        "items": [
            "foam-roll-quadriceps",
            "foam-roll-hamstrings",
            "standing-hip-flexor-stretch",
            "glute-bridge",
            "hip-hinge",
        ],
    },
    {
        "name": "Unsure or mixed - gentle start",
        "description": "A small, safe start while we find out more: one nerve glide, front-of-thigh rolling, a hip flexor stretch and bridges.",
        "items": [
            "seated-nerve-glide",
            "foam-roll-quadriceps",
            "standing-hip-flexor-stretch",
            "glute-bridge",
        ],
    },
]

DOSE_FIELDS = ("sets", "reps", "hold_seconds", "times_per_day", "days_per_week")


def load(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    ProgramTemplate = apps.get_model("exercises", "ProgramTemplate")
    TemplateItem = apps.get_model("exercises", "TemplateItem")
    for spec in TEMPLATES:
        template = ProgramTemplate.objects.create(
            name=spec["name"], description=spec["description"]
        )
        for position, slug in enumerate(spec["items"], start=1):
            exercise = Exercise.objects.get(slug=slug)
            TemplateItem.objects.create(
                template=template,
                exercise=exercise,
                position=position,
                **{field: getattr(exercise, field) for field in DOSE_FIELDS},
            )


def unload(apps, schema_editor):
    apps.get_model("exercises", "ProgramTemplate").objects.filter(
        name__in=[spec["name"] for spec in TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("exercises", "0002_library")]

    operations = [migrations.RunPython(load, unload)]
