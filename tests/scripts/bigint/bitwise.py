a = 2 ** 80 + 12345
b = 2 ** 70 - 1
print(a & b, a | b, a ^ b)
print(~a, ~-a, -a & b, -a | b, -a ^ -b, a & -b)
print(a << 10, a >> 10, a >> 100, -a >> 3, -a >> 200, 1 << 200)
print((1 << 64) - 1, (1 << 64) >> 63, -(1 << 64) >> 1)
print(hex(a), oct(b), bin(2 ** 70), hex(-a))
print(int(hex(a), 16) == a, int(bin(b), 0) == b)
print((-1) & (2 ** 100 - 1) == 2 ** 100 - 1)
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
