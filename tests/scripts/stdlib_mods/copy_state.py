import copy
class A:
    def __init__(self): self.x = [1]; self.cache = 'big'
    def __getstate__(self):
        st = self.__dict__.copy(); del st['cache']; return st
    def __setstate__(self, st):
        self.__dict__.update(st); self.cache = 'rebuilt'
a = A(); b = copy.copy(a); c = copy.deepcopy(a)
print(b.x is a.x, b.cache, c.x is a.x, c.x, c.cache)
class B:
    def __init__(self): self.v = 1
    def __setstate__(self, st): print('setstate', st); self.__dict__.update(st)
print(copy.copy(B()).v, copy.deepcopy(B()).v)
import copy
from collections import namedtuple, deque, Counter, defaultdict, OrderedDict, ChainMap
P = namedtuple('P', 'x y')
p = P([1], 2)
q = copy.copy(p); r = copy.deepcopy(p)
print(q, r, q is p, r.x is p.x, type(r).__name__, q.x is p.x)
dd = defaultdict(list, a=[1]); d2 = copy.deepcopy(dd); d2['a'].append(2); d2['b']
print(dd, d2, copy.copy(dd))
od = OrderedDict(a=[1]); print(copy.deepcopy(od), copy.copy(od))
c = Counter('aab'); print(copy.deepcopy(c), copy.copy(c))
dq = deque([[1], 2], maxlen=5); dq2 = copy.deepcopy(dq); dq2[0].append(9); print(dq, dq2, copy.copy(dq))
print(Counter('ab') == {'a': 1, 'b': 1}, {'a': 1} == Counter(a=1))
print(OrderedDict(a=1) == {'a': 1})
cm = ChainMap({'a': 1}, {'b': 2}); print(cm, ChainMap(), copy.copy(cm))
class S:
    __slots__ = ('a',)
try:
    s = S(); s.a = 5; print(copy.copy(s).a)
except Exception as e:
    print(type(e).__name__)
class WithInit:
    def __init__(self, a):
        self.a = a
w = copy.deepcopy(WithInit([1, 2])); print(w.a)
print(copy.copy([1, [2]]), copy.copy({'a': 1}), copy.deepcopy((1, [2])))
