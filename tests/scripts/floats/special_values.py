inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, inf + 1, inf - inf, inf * 0, -inf * -1)
print(inf > 1e308, -inf < -1e308, inf == inf, nan == nan, nan != nan, nan > 0, nan < 0)
print(1 / inf, -1 / inf, inf / inf)
print(repr(inf), str(nan), [inf, nan], float("+inf"), float("-nan"))
print(max(1.0, inf), min(-inf, 0), abs(-inf))
print(int(1e10), float("1e-400"), float("-1e-400"))
print(1e308 + 1e308, -(1e308 + 1e308), 1e-308 / 1e10)
try:
    float("1.2.3")
except ValueError as e:
    print("ValueError:", e)
try:
    1.0 / 0.0
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
try:
    2.0 ** 10000
except OverflowError:
    print("OverflowError")
try:
    round(inf)
except OverflowError as e:
    print("OverflowError:", e)
