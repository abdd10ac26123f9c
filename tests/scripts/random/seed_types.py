import random
for s in [0, 1, 2 ** 32, 2 ** 64 + 5, -7, 123456789012345678901234567890]:
    random.seed(s)
    print(s, random.random(), random.randint(1, 1000))
random.seed("a string seed")
x = random.random()
random.seed("a string seed")
print(x == random.random())
