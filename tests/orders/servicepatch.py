"""Replace a name in every orders.services module that uses it.

The services are a package whose modules import each other's helpers by name,
so a test that swaps one (to inject a deadlock, say) must swap every binding.
"""

import importlib
import pkgutil

import orders.services


def patch_services(monkeypatch, name: str, value) -> None:
    patched = 0
    for info in pkgutil.iter_modules(orders.services.__path__):
        module = importlib.import_module(f"orders.services.{info.name}")
        if hasattr(module, name):
            monkeypatch.setattr(module, name, value)
            patched += 1
    if hasattr(orders.services, name):
        monkeypatch.setattr(orders.services, name, value)
        patched += 1
    assert patched, f"no orders.services module has {name}"
