a = 2 ** 100
b = 3 ** 70
print(a, b)
print(a + b, a - b, b - a, a * b)
print(a // 7, a % 7, -a // 7, -a % 7, a // -7, a % -7)
print(b // a, b % a, divmod(b, a), divmod(-b, a))
print(a ** 3)
print(-a, abs(-a), +a, a == 2 ** 100, a != a + 1, a > b, a < b)
print(a + 1 - 1 == a, (a * a) // a == a, a // a, a % a)
print(10 ** 50 + 1, 10 ** 50 - 1, -(10 ** 50))
print(123456789 * 987654321 * 111111111 * 222222222)
print((2 ** 64 - 1) * (2 ** 64 - 1), (2 ** 63) * -2)
print(9223372036854775807 + 1, -9223372036854775808 - 1, 4611686018427387904 * 2)
x = 1
for i in range(1, 40):
    x *= i
print(x)
print(x // (2 ** 30), x % 1000000007)
