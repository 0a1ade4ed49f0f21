"""Seed the department → category tree, common brands and shipping tiers."""

from django.db import migrations
from django.utils.text import slugify

DEPARTMENTS = {
    "Women": ["Tops & blouses", "Dresses", "Jeans", "Coats & jackets", "Shoes", "Bags & purses", "Jewelry", "Activewear", "Swimwear"],
    "Men": ["T-shirts", "Shirts", "Jeans & pants", "Coats & jackets", "Shoes", "Sneakers", "Watches", "Accessories"],
    "Kids": ["Baby clothing", "Girls' clothing", "Boys' clothing", "Kids' shoes", "Strollers & car seats", "Nursery"],
    "Home": ["Kitchen & dining", "Furniture", "Home decor", "Bedding & bath", "Lighting", "Storage & organization", "Garden & patio"],
    "Electronics": ["Cell phones", "Computers & laptops", "Tablets & e-readers", "Video games & consoles", "Cameras & photo", "Headphones & audio", "TVs & home theater", "Smart home"],
    "Toys & collectibles": ["Action figures", "Building toys", "Dolls", "Board games & puzzles", "Trading cards", "Stuffed animals", "Collectible figures"],
    "Sports & outdoors": ["Cycling", "Camping & hiking", "Fitness equipment", "Golf", "Team sports", "Water sports", "Winter sports"],
    "Beauty": ["Makeup", "Skincare", "Fragrance", "Hair care", "Nail care", "Tools & brushes"],
    "Books, music & media": ["Books", "Comics & manga", "Vinyl records", "CDs", "DVDs & Blu-ray", "Musical instruments"],
    "Vintage & antiques": ["Vintage clothing", "Antique furniture", "Pottery & glass", "Vintage electronics", "Collectible coins", "Art & prints"],
    "Other": ["Office supplies", "Pet supplies", "Arts & crafts", "Party supplies", "Everything else"],
}  # fmt: skip

BRANDS = """
Adidas
Nike
Puma
Reebok
New Balance
Asics
Vans
Converse
Skechers
Under Armour
Lululemon
Patagonia
The North Face
Columbia
Arc'teryx
Carhartt
Levi's
Wrangler
Lee
Calvin Klein
Tommy Hilfiger
Ralph Lauren
Polo Ralph Lauren
Lacoste
Hugo Boss
Gucci
Prada
Louis Vuitton
Chanel
Hermès
Dior
Burberry
Versace
Fendi
Balenciaga
Saint Laurent
Givenchy
Valentino
Michael Kors
Coach
Kate Spade
Tory Burch
Marc Jacobs
Steve Madden
Sam Edelman
Dr. Martens
Timberland
UGG
Birkenstock
Crocs
Clarks
Sperry
Hoka
On Running
Brooks
Saucony
Mizuno
Zara
H&M
Uniqlo
Gap
Old Navy
Banana Republic
J.Crew
Madewell
Anthropologie
Free People
Urban Outfitters
Aritzia
Everlane
Reformation
Eileen Fisher
Loft
Ann Taylor
American Eagle
Abercrombie
Hollister
Express
Guess
Forever 21
Shein
Torrid
Lane Bryant
Victoria's Secret
Spanx
Athleta
Outdoor Voices
Fabletics
Gymshark
Champion
Fila
Kappa
Umbro
Diadora
Oakley
Ray-Ban
Warby Parker
Fossil
Casio
Seiko
Citizen
Timex
Rolex
Omega
Tag Heuer
Tissot
Swatch
Garmin
Fitbit
Apple
Samsung
Google
Sony
Microsoft
Nintendo
Xbox
PlayStation
Dell
HP
Lenovo
Asus
Acer
MSI
Razer
Logitech
Corsair
SteelSeries
HyperX
Bose
JBL
Beats
Sennheiser
Audio-Technica
Shure
Sonos
Bang & Olufsen
Marshall
Skullcandy
Anker
Belkin
Canon
Nikon
Fujifilm
Olympus
Panasonic
Leica
GoPro
DJI
Polaroid
Kodak
LG
Vizio
TCL
Roku
Amazon
Kindle
Ring
Nest
Philips
Dyson
iRobot
Shark
Bissell
KitchenAid
Cuisinart
Breville
Ninja
Instant Pot
Vitamix
Le Creuset
Staub
All-Clad
Lodge
Pyrex
Corningware
Williams Sonoma
Pottery Barn
West Elm
Crate & Barrel
IKEA
Restoration Hardware
Wayfair
Ethan Allen
La-Z-Boy
Herman Miller
Steelcase
Casper
Purple
Tempur-Pedic
Yankee Candle
Bath & Body Works
Lego
Mattel
Hasbro
Fisher-Price
Barbie
Hot Wheels
Funko
Playmobil
Melissa & Doug
Hape
VTech
LeapFrog
Little Tikes
Nerf
Bandai
Pokémon
Magic: The Gathering
Yu-Gi-Oh!
Topps
Panini
Upper Deck
Games Workshop
American Girl
Squishmallows
Jellycat
Build-A-Bear
Graco
Chicco
UPPAbaby
Britax
Baby Bjorn
Carter's
OshKosh
Hanna Andersson
Janie and Jack
Gap Kids
Trek
Specialized
Cannondale
Giant
Schwinn
Yeti
Coleman
REI
Osprey
Kelty
Hydro Flask
Stanley
Peloton
Bowflex
NordicTrack
Rogue
TaylorMade
Callaway
Titleist
Ping
Wilson
Spalding
Rawlings
Easton
Bauer
CCM
Burton
K2
Rossignol
Salomon
O'Neill
Quiksilver
Billabong
Roxy
Volcom
Hurley
MAC
Urban Decay
Too Faced
Benefit
NARS
Clinique
Estée Lauder
Lancôme
Fenty Beauty
Charlotte Tilbury
Huda Beauty
Glossier
Maybelline
L'Oréal
NYX
e.l.f.
Sephora
Olaplex
Drunk Elephant
The Ordinary
CeraVe
La Roche-Posay
Tatcha
Sol de Janeiro
Jo Malone
Tom Ford
Yves Saint Laurent
Fender
Gibson
Yamaha
Ibanez
Epiphone
Martin
Taylor
Roland
Korg
Pioneer
Technics
Penguin Random House
Scholastic
Marvel
DC Comics
Viz
Criterion
Pendleton
Levi's Vintage
Fire-King
Fiestaware
Hummel
Royal Doulton
Wedgwood
Waterford
Lenox
Spode
Tiffany
Tiffany & Co.
Pandora
Swarovski
Alex and Ani
Kendra Scott
David Yurman
Cartier
Bulova
Movado
Vera Bradley
Longchamp
Fjällräven
Herschel
JanSport
Tumi
Samsonite
Away
Rimowa
Kipling
Dooney & Bourke
Brahmin
Rebecca Minkoff
Cole Haan
Tory Sport
Free Country
Stüssy
Supreme
Off-White
Fear of God
Kith
Palace
A Bathing Ape
Comme des Garçons
Issey Miyake
Acne Studios
Ganni
Golden Goose
Common Projects
Veja
Allbirds
Rothy's
Chaco
Teva
Keen
Merrell
Salewa
La Sportiva
Scarpa
Mountain Hardwear
Marmot
Outdoor Research
Smartwool
Darn Tough
Icebreaker
Canada Goose
Moncler
Barbour
Filson
L.L.Bean
Eddie Bauer
Land's End
Brooks Brothers
Vineyard Vines
Southern Tide
Johnnie-O
Bonobos
Muji
Kate Somerville
Mario Badescu
Neutrogena
Olay
Aveda
Paul Mitchell
Revlon
Conair
Hot Tools
GHD
T3
Babyliss
Chi
Wahl
Braun
Oral-B
Sonicare
Keurig
Nespresso
De'Longhi
Smeg
Hamilton Beach
Black+Decker
DeWalt
Makita
Milwaukee
Ryobi
Bosch
Craftsman
Weber
Traeger
Solo Stove
Blackstone
Big Green Egg
Kong
Chewy
PetSafe
Kurgo
Ruffwear
Cricut
Singer
Brother
Janome
Prismacolor
Faber-Castell
Moleskine
Leuchtturm1917
Montblanc
Parker
Pilot
Lamy
"""


def brand_names():
    seen, names = set(), []
    for name in BRANDS.strip().splitlines():
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


TIERS = [
    ("Small envelope", 8, 499),
    ("Small box", 16, 649),
    ("Medium box", 32, 899),
    ("Large box", 80, 1399),
    ("Extra large box", 160, 1999),
    ("Oversize", 320, 2999),
    ("Bulky item", 800, 5999),
]


def seed(apps, schema_editor):
    Category = apps.get_model("listings", "Category")
    Brand = apps.get_model("listings", "Brand")
    ShippingTier = apps.get_model("listings", "ShippingTier")
    for dept_position, (department, categories) in enumerate(DEPARTMENTS.items()):
        parent = Category.objects.create(
            name=department, slug=slugify(department), position=dept_position
        )
        for position, name in enumerate(categories):
            Category.objects.create(
                name=name,
                slug=f"{slugify(department)}-{slugify(name)}",
                parent=parent,
                position=position,
            )
    Brand.objects.bulk_create(
        [Brand(name=name, key=name.lower()) for name in brand_names()]
    )
    ShippingTier.objects.bulk_create(
        [
            ShippingTier(
                name=name, max_weight_oz=oz, price_cents=cents, position=position
            )
            for position, (name, oz, cents) in enumerate(TIERS)
        ]
    )


def unseed(apps, schema_editor):
    for model in ("ShippingTier", "Brand"):
        apps.get_model("listings", model).objects.all().delete()
    Category = apps.get_model("listings", "Category")
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("listings", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
