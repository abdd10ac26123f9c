import random
random.seed(42)
print([random.random() for _ in range(5)])
print([random.randint(1, 6) for _ in range(10)])
print(random.uniform(1.0, 2.0), random.uniform(-5, 5))
items = ["a", "b", "c", "d", "e"]
print([random.choice(items) for _ in range(8)])
deck = list(range(10))
random.shuffle(deck)
print(deck)
random.seed(12345)
print(random.random(), random.randint(0, 10 ** 12), random.choice(range(100)))
random.seed(0)
print(random.randint(-100, 100), random.randint(5, 5), random.random())
