"""The clinic's exercise library and its "avoid for now" advice, written by us in plain words."""

from django.db import migrations

COMMON_CAUTIONS = [
    "Only move in a range that is pain-free.",
    "Do not go to the end of the movement. Stop well before a strong stretch or pull.",
    "Do not arch your lower back.",
    "Stop if tingling or numbness spreads further down your leg, and tell your therapist.",
]

EXERCISES = [
    {
        "slug": "seated-nerve-glide",
        "name": "Seated nerve glide (slider)",
        "category": "nerve_glide",
        "suits": "both",
        "position": 1,
        "purpose": "Helps the sciatic nerve slide smoothly through the muscles around it. You move your head and your knee in opposite directions, so the nerve glides back and forth without being stretched.",
        "steps": [
            "Sit tall on a firm chair with your feet flat on the floor.",
            "Let your shoulders relax and rest your hands on your lap.",
            "Slowly straighten your sore leg and, at the same time, look up toward the ceiling.",
            "Stop before you feel a pull or any tingling.",
            "Slowly bend the knee back down and, at the same time, bring your chin toward your chest.",
            "Keep moving smoothly, like a slow swing. Up and back down is one repetition.",
        ],
        "feel": "An easy, gentle movement. You may feel a light pull behind the knee that goes away as soon as you bend it again. You should not feel pain, burning or pins and needles.",
        "cautions": ["Move slowly. Do not bounce or hold the end position."],
        "dose": (2, 10, None, 2, 7),
        "progression": "When 10 repetitions feel easy for 3 days in a row, do 15. Your therapist may later show you a harder version.",
        "alt_start": "A person sits tall on a chair with both knees bent and the chin tipped down toward the chest.",
        "alt_end": "The same person has straightened one knee in front of them and is looking up at the ceiling.",
    },
    {
        "slug": "lying-nerve-glide",
        "name": "Lying nerve glide",
        "category": "nerve_glide",
        "suits": "sciatica",
        "position": 2,
        "purpose": "Gets the sciatic nerve moving while you lie down, which is easier when sitting hurts. The knee and the ankle move in opposite directions, so the nerve slides without being stretched.",
        "steps": [
            "Lie on your back on the floor or a firm bed with both knees bent and feet flat.",
            "Lift your sore leg and hold the back of the thigh with both hands. Your knee points to the ceiling.",
            "Slowly straighten the knee and, at the same time, point your toes away from you.",
            "Stop before you feel a pull or any tingling.",
            "Slowly bend the knee again and, at the same time, pull your toes toward you.",
            "Keep moving smoothly. Straighten and bend is one repetition.",
        ],
        "feel": "An easy, gentle movement in the back of the leg. You should not feel pain, burning or pins and needles.",
        "cautions": ["Keep your head and shoulders relaxed on the floor."],
        "dose": (2, 10, None, 2, 7),
        "progression": "When 10 repetitions feel easy for 3 days in a row, do 15.",
        "alt_start": "A person lies on their back holding one thigh up with both hands, the knee bent.",
        "alt_end": "The same person has straightened that knee so the foot points toward the ceiling.",
    },
    {
        "slug": "foam-roll-quadriceps",
        "name": "Foam roll the front of the thigh",
        "category": "soft_tissue_release",
        "suits": "both",
        "position": 1,
        "purpose": "Loosens the big muscles on the front of the thigh. When they relax, your pelvis can sit level, which takes strain off the back of the thigh and the nerve.",
        "steps": [
            "Lie face down with a foam roller under the front of your thighs. Rest on your forearms.",
            "Tighten your stomach muscles a little so your lower back stays flat.",
            "Slowly roll from just above the knee to just below the hip, then back.",
            "If you find a tight spot, stop there for a few slow breaths.",
            "Keep the pressure comfortable. Put more weight on your arms to make it lighter.",
        ],
        "feel": "Firm pressure on the front of the thigh that eases as you roll. Mild discomfort is fine; sharp pain is not.",
        "cautions": ["Do not roll over the kneecap or the hip bone."],
        "dose": (1, None, 60, 1, 5),
        "progression": "Once it feels easy, you can roll one leg at a time for more pressure.",
        "alt_start": "A person lies face down on their forearms with a foam roller under the lower thighs, near the knees.",
        "alt_end": "The person has moved forward so the foam roller is now under the upper thighs, near the hips.",
    },
    {
        "slug": "foam-roll-hamstrings",
        "name": "Foam roll the back of the thigh (only the parts that are not sore)",
        "category": "soft_tissue_release",
        "suits": "strain",
        "position": 2,
        "purpose": "Eases tightness in the parts of the hamstring muscles around the injury, without pressing on the injured spot.",
        "steps": [
            "Sit on the floor with a foam roller under the back of your thigh. Put your hands on the floor behind you.",
            "Lift your hips a little so some of your weight rests on the roller.",
            "Roll slowly over the parts of the muscle that are NOT sore: above and below the sore spot.",
            "When you get near the sore spot, lift off and move past it.",
            "Keep the pressure light.",
        ],
        "feel": "Light pressure on the muscle. No pain at the injury and no tingling.",
        "cautions": [
            "Never roll on the sore or injured spot.",
            "Do not roll a thigh that is bruised or swollen.",
        ],
        "dose": (1, None, 60, 1, 5),
        "progression": "Your therapist will tell you when you can roll closer to the injured spot.",
        "alt_start": "A person sits on the floor, leaning back on their hands, with a foam roller under the back of one thigh near the knee.",
        "alt_end": "The person has moved forward so the roller is under the upper part of the thigh.",
    },
    {
        "slug": "hip-flexor-release",
        "name": "Hip flexor release with a ball",
        "category": "soft_tissue_release",
        "suits": "both",
        "position": 3,
        "purpose": "Relaxes the deep hip flexor muscle (the psoas). It runs from your lower back to the front of your hip. When it is tight it can pull on your lower back and tilt your pelvis.",
        "steps": [
            "Lie face down with a firm ball or a release tool under the front of your hip, just inside the bony point at the front of your pelvis.",
            "Rest on your forearms and let your body weight sink slowly onto the ball.",
            "Breathe slowly and deeply into your belly.",
            "Stay on one spot for up to a minute, then move the ball a little and repeat.",
            "Roll off the ball slowly when you are done.",
        ],
        "feel": "Deep pressure at the front of the hip that slowly eases. It should not feel sharp.",
        "cautions": [
            "If you feel a pulse under the ball, move it to another spot.",
            "Keep the ball off your belly button and off bones.",
        ],
        "dose": (1, None, 60, 1, 5),
        "progression": "As it eases, you can bend the knee of that leg and slowly swing the foot side to side while you rest on the ball.",
        "alt_start": "A person lies face down on their forearms with a small ball under the front of one hip.",
        "alt_end": "The same person lies relaxed on the ball with the knee of that leg bent and the foot up.",
    },
    {
        "slug": "kneeling-hip-flexor-stretch",
        "name": "Kneeling hip flexor stretch",
        "category": "stretch",
        "suits": "both",
        "position": 1,
        "purpose": "Stretches the muscles at the front of the hip. Loose hip flexors let the pelvis sit level, which takes strain off the back of the thigh.",
        "steps": [
            "Kneel on the sore-side knee on a cushion. Put the other foot flat on the floor in front of you.",
            "Tuck your tailbone under by squeezing your buttocks. Your lower back flattens.",
            "Keep your body upright and shift your weight slightly forward.",
            "Stop when you feel a gentle stretch at the front of the hip of the kneeling leg.",
            "Hold and breathe slowly. Then come back.",
        ],
        "feel": "A gentle stretch at the front of the hip and thigh of the kneeling leg. Nothing in the back of the thigh.",
        "cautions": ["Keep your body upright; do not lean far forward."],
        "dose": (3, None, 30, 2, 7),
        "progression": "Once it feels easy, raise the arm on the kneeling side over your head while you hold.",
        "alt_start": "A person kneels on one knee with the other foot flat in front, body upright.",
        "alt_end": "The same person has shifted the hips slightly forward, still upright, stretching the front of the back hip.",
    },
    {
        "slug": "standing-hip-flexor-stretch",
        "name": "Standing hip flexor stretch (staggered stance)",
        "category": "stretch",
        "suits": "both",
        "position": 2,
        "purpose": "The same stretch as the kneeling one, done standing. Good if kneeling is hard or you are at work.",
        "steps": [
            "Stand with one foot a big step in front of the other. The sore side goes back. Hold a counter or chair for balance.",
            "Bend the front knee a little. Keep the back knee fairly straight with the heel up.",
            "Tuck your tailbone under by squeezing your buttocks, so your lower back stays flat.",
            "Shift your hips slightly forward until you feel a gentle stretch at the front of the back hip.",
            "Hold and breathe slowly. Then step back together.",
        ],
        "feel": "A gentle stretch at the front of the hip of the back leg. Nothing in the back of the thigh.",
        "cautions": ["Keep your body upright; do not lean forward."],
        "dose": (3, None, 30, 2, 7),
        "progression": "Once it feels easy, raise the arm on the back-leg side over your head while you hold.",
        "alt_start": "A person stands in a long step, one foot in front of the other, body upright.",
        "alt_end": "The same person has bent the front knee and moved the hips forward, the back leg straight behind.",
    },
    {
        "slug": "glute-bridge",
        "name": "Glute bridge with a pelvic tilt",
        "category": "strengthening",
        "suits": "both",
        "position": 1,
        "purpose": "Strengthens the buttock muscles, which share the work of the hamstrings. Tilting the pelvis first keeps your lower back safe and your buttocks doing the work.",
        "steps": [
            "Lie on your back with your knees bent, feet flat and hip-width apart, arms by your sides.",
            "Flatten your lower back into the floor by tilting your pelvis back (tuck your tailbone up).",
            "Keep that tilt and squeeze your buttocks to lift your hips. Stop when your shoulders, hips and knees make a straight line.",
            "Hold for 2 seconds at the top.",
            "Lower slowly, one part of your back at a time.",
        ],
        "feel": "Work in your buttocks. If you feel it mostly in the back of the thigh, or it cramps, move your feet a little closer to your buttocks.",
        "cautions": ["Do not push your hips higher than a straight line."],
        "dose": (2, 10, None, 1, 5),
        "progression": "When 2 sets of 10 feel easy, do 3 sets. Later, hold the top for 5 seconds.",
        "alt_start": "A person lies on their back with knees bent, feet flat on the floor and arms by their sides.",
        "alt_end": "The same person has lifted the hips so the shoulders, hips and knees make a straight line.",
    },
    {
        "slug": "hip-hinge",
        "name": "Hip hinge (straight-leg deadlift)",
        "category": "strengthening",
        "suits": "both",
        "position": 2,
        "purpose": "Teaches you to bend from the hips with a flat back and slowly rebuilds strength in the buttocks and the back of the thighs.",
        "steps": [
            "Stand tall with your feet hip-width apart and your knees soft (a tiny bend). Rest your hands on the front of your thighs.",
            "Push your hips straight back, as if closing a car door with your bottom. Let your hands slide down toward your knees.",
            "Keep your back flat and your chest up the whole time.",
            "Go only as far as feels easy, well before the back of the thigh pulls. Half way down is plenty at first.",
            "Squeeze your buttocks to come back up to standing.",
        ],
        "feel": "Work in your buttocks and a light, comfortable tension in the back of the thighs. No pulling pain.",
        "cautions": ["Do not round your back or let your knees lock straight."],
        "dose": (2, 5, None, 1, 3),
        "progression": "Start with 5 repetitions. Each time they are pain-free, add 1 or 2, building up to 10-15. Later your therapist may add a light weight.",
        "alt_start": "A person stands tall with knees slightly bent and hands on the front of the thighs.",
        "alt_end": "The same person has pushed the hips back and leaned forward with a flat back, hands near the knees.",
    },
]

AVOID = [
    {
        "title": "Stretching the hamstrings (the back of the thigh)",
        "reason": "If the muscle is strained, a stretch pulls on the tear and can make it bigger. If the sciatic nerve is irritated, a hamstring stretch pulls on the nerve too and can make it worse. Let it settle first. Your therapist will tell you when stretching is safe again.",
        "position": 1,
    },
    {
        "title": "Foam rolling on the sore or injured spot",
        "reason": "Pressing hard on an injured muscle can cause more bleeding and swelling and slow healing. If the nerve is the cause, pressing on it can irritate it. Roll only the parts that are not sore.",
        "position": 2,
    },
]


def load(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    AvoidAdvice = apps.get_model("exercises", "AvoidAdvice")
    for item in EXERCISES:
        sets, reps, hold, times, days = item["dose"]
        slug = item["slug"]
        Exercise.objects.create(
            slug=slug,
            name=item["name"],
            category=item["category"],
            suits=item["suits"],
            position=item["position"],
            purpose=item["purpose"],
            steps="\n".join(item["steps"]),
            feel=item["feel"],
            cautions="\n".join(COMMON_CAUTIONS + item["cautions"]),
            progression=item["progression"],
            sets=sets,
            reps=reps,
            hold_seconds=hold,
            times_per_day=times,
            days_per_week=days,
            image_start=f"exercises/{slug}-start.svg",
            image_end=f"exercises/{slug}-end.svg",
            alt_start=item["alt_start"],
            alt_end=item["alt_end"],
        )
    for item in AVOID:
        AvoidAdvice.objects.create(**item)


def unload(apps, schema_editor):
    apps.get_model("exercises", "Exercise").objects.filter(
        slug__in=[item["slug"] for item in EXERCISES]
    ).delete()
    apps.get_model("exercises", "AvoidAdvice").objects.filter(
        title__in=[item["title"] for item in AVOID]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
