# Integer division floors toward negative infinity; modulo takes the divisor's sign
for a in (7, -7, 6, -6, 0):
    for b in (2, -2, 3, -3):
        print(a, b, a // b, a % b, divmod(a, b))
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
print(divmod(7.5, 2), divmod(-7.5, 2))
print(-0.0 % 5, 0.0 % -5)
print(1 % 0.3)
print(-1 // 10 ** 20, -(10 ** 20) // 3, (10 ** 20) % -7)
print(5 // True, -5 % True)
