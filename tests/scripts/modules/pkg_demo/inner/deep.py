# helper: relative imports from a subpackage
from ..util import double
from . import leaf


def run():
    return double(21), leaf.NAME
