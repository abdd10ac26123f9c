import sys, math
import time as t
import random as rnd
from math import floor, ceil
print(type(sys).__name__, math.__name__, t.__name__, rnd.__name__)
print(floor(2.7), ceil(2.1), math.floor(-2.5))
print(callable(t.time), callable(rnd.random))
def inner_import():
    import math as m2
    return m2.sqrt(81)
print(inner_import(), "m2" in dir())
import math as again
print(math is again)
