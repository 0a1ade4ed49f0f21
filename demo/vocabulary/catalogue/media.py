"""What sells in each Books, music & media category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    MEDIA_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Books, music & media", "Books"): Kind(
        items="""
        |Atomic Habits by James Clear (hardcover)|6|15
        |Where the Crawdads Sing (paperback)|4|9
        |The Hunger Games Box Set|15|30
        |Harry Potter Complete Box Set|40|80
        |Dune by Frank Herbert|6|12
        |The Very Hungry Caterpillar (board book)|3|6
        |Cookbook Lot (6 books)|20|40
        |Lord of the Rings Trilogy|20|45
        |Fourth Wing (first edition)|20|60
        |Calculus: Early Transcendentals, 9th Edition|30|80
        |Picture Book Lot (15)|15|35
        |Stephen King Paperback Lot (8)|20|40
        """,
        price=(5, 30),
        weight=(8, 80),
        brands="Penguin Random House, Scholastic",
        brand_share=0.1,
        notes=MEDIA_NOTES[::2] + MEDIA_NOTES[3:4],
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "Comics & manga"): Kind(
        items="""
        Marvel|Amazing Spider-Man #300 (1988)|250|700|8
        Marvel|X-Men Comic Lot (25)|40|120|64
        DC Comics|Batman: The Long Halloween TPB|10|20|24
        DC Comics|Watchmen Deluxe Edition|25|45|48
        Viz|One Piece Vol. 1–20|80|150|160
        Viz|Demon Slayer Complete Set|90|160|200
        Viz|Jujutsu Kaisen Vol. 1–15|60|110|120
        |Manga Lot (30 volumes)|60|140|240
        |Graphic Novel Lot (10)|30|70|120
        |Comic Long Box (200 comics)|80|200|480
        """,
        price=(10, 100),
        weight=(8, 240),
        notes=("Bagged and boarded.", *MEDIA_NOTES[::2]),
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "Vinyl records"): Kind(
        items="""
        |Fleetwood Mac – Rumours LP|15|35
        |Pink Floyd – The Dark Side of the Moon LP|20|45
        |Taylor Swift – Folklore Vinyl|20|40
        |The Beatles – Abbey Road (1969 pressing)|40|150
        |Miles Davis – Kind of Blue LP|20|45
        |Michael Jackson – Thriller LP|15|35
        |Record Lot (30 LPs)|40|120|320
        |Jazz Record Lot (15 LPs)|30|90|160
        |Frank Ocean – Blonde 2LP|60|140
        |Daft Punk – Random Access Memories 2LP|30|55
        """,
        price=(15, 60),
        weight=(16, 32),
        notes=("Plays with no skips.", "Graded VG+ by eye.", *MEDIA_NOTES[4:]),
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "CDs"): Kind(
        items="""
        |CD Lot (40 discs)|20|50|96
        |Taylor Swift – 1989 CD|5|12
        |Nirvana – Nevermind CD|5|10
        |Beyoncé – Lemonade CD|5|12
        |Classical CD Box Set|15|40
        |90s Hip-Hop CD Lot (20)|20|45|64
        Sony|Discman D-EJ011|25|60|24
        """,
        price=(5, 30),
        weight=(4, 24),
        notes=MEDIA_NOTES[1:2] + MEDIA_NOTES[3:],
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "DVDs & Blu-ray"): Kind(
        items="""
        Criterion|Collection Blu-ray|15|30
        |Lord of the Rings Extended Edition Blu-ray|20|40
        |Studio Ghibli Blu-ray Set|40|90
        |Friends Complete Series DVD|20|40
        |Disney DVD Lot (15)|20|45
        |4K Blu-ray Lot (8)|35|70
        |The Office Complete Series DVD|20|40
        """,
        price=(5, 40),
        weight=(4, 64),
        notes=MEDIA_NOTES[1:2] + MEDIA_NOTES[3:],
        family="media",
        conditions="media",
    ),
    ("Books, music & media", "Musical instruments"): Kind(
        items="""
        Fender|Player Stratocaster|450|650|320
        Fender|Squier Telecaster|120|220|320
        Gibson|Les Paul Studio|800|1300|320
        Epiphone|Les Paul Standard|250|420|320
        Yamaha|FG800 Acoustic Guitar|120|180|320
        Yamaha|P-45 Digital Piano|250|380|800
        Taylor|GS Mini|300|450|240
        Martin|D-15M|900|1300|320
        Ibanez|RG421 Electric Guitar|220|330|320
        Roland|TD-07 Electronic Drum Kit|450|650|800
        Korg|Minilogue XD|400|550|240
        Fender|Blues Junior Amp|400|550|480
        Shure|SM57 Microphone|60|90|16
        |Concert Ukulele|25|70|80
        |Violin 4/4 Outfit|80|250|160
        """,
        price=(25, 400),
        weight=(16, 480),
        notes=(
            "Fresh strings, set up recently.",
            "Case included.",
            "Plays and sounds great.",
        ),
    ),
}
