from collections import deque

d = deque([1, 2, 3])
print(d, len(d), bool(d), bool(deque()))
d.append(4); d.appendleft(0)
print(d, d[0], d[-1], d.pop(), d.popleft(), d)
d.extend([7, 8]); d.extendleft([10, 11])
print(d)
d.rotate(2); print(d)
d.rotate(-3); print(d)
d.rotate(0); print(d)
print(d.count(7), d.index(7), 7 in d, 99 in d)
d.remove(7); print(d)
d.reverse(); print(d)
d[0] = 'x'; print(d, d[0])
print(list(reversed(d)), list(d))
e = d.copy(); e.append('new'); print(d, e, d == e, d == d.copy())
print(deque([1]) + deque([2, 3]))
m = deque(range(5), maxlen=3)
print(m, m.maxlen, deque().maxlen)
m.append(9); print(m)
m.appendleft(-1); print(m)
m.extend([20, 21]); print(m)
print(deque([1], maxlen=3), repr(deque()))
d.clear(); print(d, len(d))
for exc_test in ['pop', 'popleft']:
    try:
        getattr(deque(), exc_test)()
    except IndexError as e:
        print('IndexError:', e)
try:
    deque([1])[5]
except IndexError as e:
    print('IndexError:', e)
try:
    deque([1]).remove(2)
except ValueError as e:
    print('ValueError')
q = deque()
for i in range(6):
    q.append(i)
    if len(q) > 3:
        q.popleft()
print(q, sum(q), sorted(q, reverse=True))
print(deque('abc'), deque([1, 2]) == deque([1, 2]), deque([1]) != deque([2]))
z = deque([1, 2]); z += [3]; print(z, z * 2)
for f in [lambda: d.index(5), lambda: deque([1]).remove(5), lambda: deque([1], 1).insert(0, 2)]:
    try:
        f()
    except (ValueError, IndexError) as e:
        print(type(e).__name__, e)
zd = deque(maxlen=0); zd.append(1); zd.extend([1, 2]); print(zd, len(zd))
