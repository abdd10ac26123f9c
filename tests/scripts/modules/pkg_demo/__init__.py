# helper: a package for packages.py
print("pkg_demo init", __name__, __package__)
VERSION = "1.0"
from .util import double
