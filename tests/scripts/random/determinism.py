import random
random.seed(7)
a = [random.random() for _ in range(20)]
random.seed(7)
b = [random.random() for _ in range(20)]
print(a == b, all([0.0 <= x < 1.0 for x in a]))
random.seed(99)
ints = [random.randint(3, 9) for _ in range(500)]
print(min(ints), max(ints), sorted(set(ints)))
floats = [random.uniform(-2, 3) for _ in range(500)]
print(min(floats) >= -2, max(floats) <= 3)
random.seed(1)
picks = [random.choice("xyz") for _ in range(300)]
print(sorted(set(picks)))
deck = list(range(52))
random.seed(3)
random.shuffle(deck)
print(sorted(deck) == list(range(52)), deck != list(range(52)))
random.seed(3)
deck2 = list(range(52))
random.shuffle(deck2)
print(deck == deck2)
try:
    random.choice([])
except IndexError as e:
    print("IndexError:", e)
try:
    random.randint(5, 1)
except ValueError as e:
    print("ValueError")
