people = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22), ("frank", 25)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
by_name = sorted(people)
print(sorted(by_name, key=lambda p: p[1]))
L = [5, 2, 8, 1, 9, 3]
L.sort(); print(L)
L.sort(reverse=True); print(L)
words = ["banana", "Apple", "cherry", "apple", "Banana", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
print(sorted([3.5, 1, 2.25, -1, 0]), sorted("hello"), sorted((3, 1, 2)))
print(sorted([[2, 1], [1, 2], [1, 1], [2]]), sorted([(1, "b"), (1, "a"), (0, "z")]))
data = [(i % 3, i) for i in range(12)]
data.sort(key=lambda t: t[0])
print(data)
try:
    [1, "a", 2].sort()
except TypeError:
    print("TypeError")
print(sorted([], reverse=True), sorted({3: "a", 1: "b"}), sorted({"b": 1, "a": 2}.items()))
r = [1, 2, 3, 4, 5, 6]
r.sort(key=lambda v: v % 2)
print(r)
