from mod_greet import greet, Greeter, GREETING
from mod_greet import counter as c, bump
print(greet("from"), Greeter("g"), GREETING, c)
print(bump(), bump(), c)
import mod_greet
print(mod_greet.counter, greet is mod_greet.greet)
try:
    from mod_greet import does_not_exist
except ImportError as e:
    print(type(e).__name__)
from math import sqrt, pi as PI
print(sqrt(16), round(PI, 4))
