def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
print(fact(50))
print(fact(100))
print(len(str(fact(200))), str(fact(200))[:20], str(fact(200))[-5:])
a, b = 0, 1
for _ in range(300):
    a, b = b, a + b
print(a)
print(sum([int(d) for d in str(2 ** 1000)]))
print(fact(30) // fact(28), fact(25) % 1000007)
