"""What sells in each Toys & collectibles category."""

from demo.vocabulary.kinds import Kind
from demo.vocabulary.wording import (
    TOY_NOTES,
)

KINDS: dict[tuple[str, str], Kind] = {
    ("Toys & collectibles", "Action figures"): Kind(
        items="""
        Hasbro|Marvel Legends Spider-Man|20|45
        Hasbro|Star Wars Black Series Boba Fett|25|50
        Hasbro|Transformers Optimus Prime|25|70
        Mattel|WWE Elite Figure|15|35
        Bandai|S.H.Figuarts Goku|45|90
        |Vintage Action Figure Lot (12)|30|120
        |Ninja Turtles Figures (1989)|15|60
        |Superhero Figure Bundle|15|40
        """,
        price=(10, 60),
        weight=(6, 32),
        notes=TOY_NOTES,
        family="media",
    ),
    ("Toys & collectibles", "Building toys"): Kind(
        items="""
        Lego|Star Wars Millennium Falcon 75257|90|160|80
        Lego|Technic Bugatti Chiron|250|400|240
        Lego|Creator Expert Assembly Square|200|350|200
        Lego|City Police Station|50|90|64
        Lego|Friends Heartlake City Resort|50|90|64
        Lego|Ideas Tree House|180|260|120
        Lego|Bulk Bricks (5 lbs)|40|80|96
        Lego|Botanical Bonsai Tree|35|50|32
        Melissa & Doug|Wooden Blocks Set|15|30|80
        Hape|Marble Run|25|50|80
        |Magnetic Building Tiles (100 pcs)|40|80|96
        """,
        price=(15, 80),
        weight=(16, 160),
        notes=TOY_NOTES,
        family="media",
    ),
    ("Toys & collectibles", "Dolls"): Kind(
        items="""
        American Girl|Doll with Outfit|60|120
        Barbie|Dreamhouse|90|160|480
        Barbie|Signature Doll|25|60
        Mattel|Monster High Doll|20|50
        Melissa & Doug|Mine to Love Doll|15|25
        |Porcelain Doll|15|60
        |Dollhouse Furniture Set|20|50
        |Doll Clothes Bundle|10|30
        """,
        price=(10, 60),
        weight=(16, 64),
        notes=TOY_NOTES,
    ),
    ("Toys & collectibles", "Board games & puzzles"): Kind(
        items="""
        Hasbro|Monopoly Classic|10|25
        Hasbro|Clue|10|20
        Mattel|UNO Deluxe|5|15
        Games Workshop|Warhammer 40K Starter Set|60|110
        |Catan|25|40
        |Ticket to Ride|25|40
        |Wingspan|35|50
        |Codenames|10|18
        |1000-Piece Jigsaw Puzzle|8|20
        |Pandemic|20|30
        |Wooden Chess Set|20|60
        |Scrabble Deluxe|25|50
        """,
        price=(8, 40),
        weight=(16, 64),
        notes=(
            "All pieces counted.",
            "Puzzle is complete — assembled once.",
            *TOY_NOTES[1:2],
        ),
        family="media",
        conditions="media",
    ),
    ("Toys & collectibles", "Trading cards"): Kind(
        items="""
        Pokémon|Charizard VMAX Card|40|150
        Pokémon|Booster Box (sealed)|100|180
        Pokémon|Card Lot (200 cards)|25|60
        Magic: The Gathering|Commander Deck|30|60
        Magic: The Gathering|Rare Lot (50)|30|90
        Yu-Gi-Oh!|Blue-Eyes White Dragon|20|80
        Topps|Chrome Baseball Hobby Box|150|300
        Topps|Rookie Card Lot|20|60
        Panini|Prizm Basketball Blaster|40|80
        Upper Deck|Hockey Series 1 Box|80|150
        """,
        price=(10, 100),
        weight=(2, 24),
        notes=(
            "Pulled straight into a sleeve and top loader.",
            "Ships in a bubble mailer.",
            "Centering looks great.",
        ),
        family="media",
    ),
    ("Toys & collectibles", "Stuffed animals"): Kind(
        items="""
        Squishmallows|16" Plush|15|40
        Jellycat|Bashful Bunny|20|40
        Build-A-Bear|Teddy Bear with Outfit|15|35
        Pokémon|Pikachu Plush|15|40
        |Vintage Teddy Bear|15|60
        |Giant Plush Bear|25|60|160
        |Plush Lot (10)|15|40
        """,
        price=(10, 40),
        weight=(8, 64),
        notes=TOY_NOTES[3:] + ("Tags still attached.",),
    ),
    ("Toys & collectibles", "Collectible figures"): Kind(
        items="""
        Funko|Pop! Marvel Figure|10|30
        Funko|Pop! Exclusive Chase|30|90
        Bandai|Gundam Model Kit (MG)|40|80
        Hot Wheels|Redline Car (1969)|20|120
        Hot Wheels|Treasure Hunt Lot|20|60
        Hummel|Goebel Figurine|20|80
        Games Workshop|Painted Miniatures Lot|40|150
        |Anime Figure (boxed)|30|90
        |Resin Statue|60|250
        """,
        price=(15, 80),
        weight=(6, 48),
        notes=(
            "Box is in great shape.",
            "Displayed in a glass cabinet.",
            *TOY_NOTES[3:4],
        ),
        family="media",
    ),
}
