print(round(2.5), round(3.5), round(-2.5), round(0.5), round(1.5), round(-0.5))
print(round(2.675, 2), round(1.005, 2), round(123.456, -1), round(123.456, 1), round(-1.25, 1))
print(round(12345, -2), round(12355, -1), round(-15, -1), round(25, -1), round(7), round(7, 2))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, 0))
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-0.0), abs(-10 ** 30), abs(True))
print(pow(2, 10), pow(2, -2), pow(2.0, 3), pow(3, 4, 5), pow(-2, 3), pow(2, 0.5))
print(pow(7, -1, 13), pow(10 ** 20, 3, 97), pow(0, 0), 0.0 ** 0.0)
print(divmod(17, 5), divmod(-17, 5), divmod(17.5, 5), divmod(-2, -3))
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    0 ** -1
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(round(1e15 + 0.5), round(-7.5), round(1e300) == int(1e300))
