import heapq
h = []
for x in [5, 1, 8, 3, 9, 2, 7]:
    heapq.heappush(h, x)
    print(h)
print([heapq.heappop(h) for _ in range(len(h))])
data = [9, 4, 7, 1, 8, 2, 6, 3, 5, 0]
heapq.heapify(data); print(data)
print(heapq.heappushpop(data, -1), heapq.heappushpop(data, 4), data)
print(heapq.heapreplace(data, 10), data)
print(heapq.nlargest(3, [5, 1, 8, 3, 9, 2]), heapq.nsmallest(3, [5, 1, 8, 3, 9, 2]))
print(heapq.nlargest(1, [3, 1, 2]), heapq.nsmallest(1, []), heapq.nlargest(10, [3, 1]))
words = ['pear', 'fig', 'banana', 'kiwi', 'apple', 'plum', 'date']
print(heapq.nsmallest(4, words, key=len), heapq.nlargest(4, words, key=len))
print(heapq.nsmallest(3, iter(words)), heapq.nlargest(3, iter(words), key=lambda w: w[-1]))
pairs = [(2, 'b'), (1, 'z'), (2, 'a'), (1, 'y')]
print(heapq.nsmallest(3, pairs, key=lambda p: p[0]), heapq.nlargest(3, pairs, key=lambda p: p[0]))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6, 9])))
print(list(heapq.merge([1, 3], [], [2, 2, 10])), list(heapq.merge()))
print(list(heapq.merge(['a', 'ccc'], ['bb', 'dddd'], key=len)))
print(list(heapq.merge([7, 4, 1], [8, 5, 2], reverse=True)))
print(list(heapq.merge([(1, 'x'), (3, 'y')], [(1, 'a'), (2, 'b')], key=lambda t: t[0])))
tasks = []
for pri, name in [(3, 'write'), (1, 'plan'), (2, 'code'), (1, 'think')]:
    heapq.heappush(tasks, (pri, name))
while tasks:
    print(heapq.heappop(tasks))
try:
    heapq.heappop([])
except IndexError as e:
    print('IndexError:', e)
import random
random.seed(5)
big = [random.randint(0, 100) for _ in range(50)]
print(heapq.nsmallest(5, big) == sorted(big)[:5], heapq.nlargest(5, big) == sorted(big)[-5:][::-1])
hh = list(big); heapq.heapify(hh); print([heapq.heappop(hh) for _ in range(50)] == sorted(big))
