import math
tests = [
    lambda: math.sqrt(-1),
    lambda: math.log(0),
    lambda: math.log(-1),
    lambda: math.factorial(-1),
    lambda: math.factorial(2.5),
    lambda: math.acos(2),
    lambda: math.exp(1000),
    lambda: math.floor(math.inf),
    lambda: math.floor(math.nan),
    lambda: math.sqrt("x"),
    lambda: math.pow(0, -1),
]
for t in tests:
    try:
        print("result", t())
    except (ValueError, OverflowError, TypeError) as e:
        print(type(e).__name__ + ":", e)
