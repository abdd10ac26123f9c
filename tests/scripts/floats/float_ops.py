print(7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2, 7.5 // -2, 7.5 % -2)
print(5.0 % 3, -5.0 % 3, 5 % -3.0, 1e20 % 3, 0.5 % 0.1)
print(2.0 ** 3, 2.0 ** -1, 4.0 ** 0.5, (-2.0) ** 2, 10.0 ** 300)
print(0.1 * 3, 0.1 + 0.1 + 0.1, 1.0 - 0.9, 3 * 1.1)
print(float(1), float("2.5"), float(" -3 "), float(10 ** 20), float(True))
print(int(2.9), int(-2.9), round(2.9), round(-2.9), int(1e15 + 0.5))
print(sum([0.1] * 10), 0.1 * 10, 1e16 + 1, 1e16 + 2)
print(float.__name__, type(3.0) is float, isinstance(3.0, float))
x = 1.0
for _ in range(10):
    x = x * 1.1
print(x, x.__repr__(), "%.20f" % 0.1, "%.17g" % 0.1)
print(3.0 == 3, 3.1 > 3, hash(3.0) == hash(3), hash(-0.0) == hash(0))
