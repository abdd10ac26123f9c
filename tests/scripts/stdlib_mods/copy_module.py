import copy
a = [1, [2, 3], {'k': (4, [5])}]
b = copy.copy(a); c = copy.deepcopy(a)
print(b == a, b is a, b[1] is a[1], c[1] is a[1], c[2]['k'][1] is a[2]['k'][1], c)
t = (1, 2); print(copy.deepcopy(t) is t, copy.copy(t) is t)
class P:
    def __init__(self, x): self.x = x; self.l = [x]
p = P(3); q = copy.copy(p); r = copy.deepcopy(p)
print(type(q).__name__, q.x, q.l is p.l, r.l is p.l, r.l)
cyc = [1]; cyc.append(cyc); d = copy.deepcopy(cyc); print(d[1] is d, d[1] is cyc)
class W:
    def __copy__(self): print("copy!"); return 'c'
    def __deepcopy__(self, memo): print("deep!", type(memo).__name__); return 'd'
print(copy.copy(W()), copy.deepcopy(W()))
s = {1, 2}; print(copy.copy(s), copy.deepcopy(frozenset([1])), copy.deepcopy({'a': {1}}))
o = P(1); o.self = o; o2 = copy.deepcopy(o); print(o2.self is o2)
shared = [1]; pair = [shared, shared]; dp = copy.deepcopy(pair); print(dp[0] is dp[1])
print(copy.Error, issubclass(copy.Error, Exception))
print(copy.deepcopy(None), copy.copy(3.5), copy.deepcopy(b'x'), copy.deepcopy(len))
class Node:
    def __init__(self, val, children=()):
        self.val = val
        self.children = list(children)
    def __repr__(self):
        return f'Node({self.val}, {self.children})'
tree = Node(1, [Node(2), Node(3, [Node(4)])])
t2 = copy.deepcopy(tree)
t2.children[1].children[0].val = 99
print(tree, t2)
t3 = copy.copy(tree); t3.children.append(Node(5)); print(tree.children is t3.children, len(tree.children))
memo = {}
x = [1, 2]; y = copy.deepcopy([x, x], memo); print(y, y[0] is y[1], id(x) in memo)
class Counted:
    n = 0
    def __init__(self):
        Counted.n += 1
c = Counted(); c2 = copy.copy(c); c3 = copy.deepcopy(c)
print(Counted.n, type(c2) is Counted, type(c3) is Counted)
nested = {'a': [1, {'b': (2, [3])}], 'c': {4, 5}}
dn = copy.deepcopy(nested); dn['a'][1]['b'][1].append(30)
print(nested, dn)
from collections import namedtuple, defaultdict, deque
NT = namedtuple('NT', 'a b')
nt = NT([1], 2); nc = copy.copy(nt); nd = copy.deepcopy(nt)
print(nc, nd, nc.a is nt.a, nd.a is nt.a, type(nd).__name__)
dd = defaultdict(list, k=[1]); dd2 = copy.deepcopy(dd); dd2['k'].append(2); dd2['z']
print(dd, dd2)
dq = deque([[0]], maxlen=4); dq2 = copy.deepcopy(dq); dq2[0].append(1); print(dq, dq2)
class Sl:
    __slots__ = ('a', 'b')
sl = Sl(); sl.a = [1]; sc = copy.copy(sl); sd = copy.deepcopy(sl)
print(sc.a is sl.a, sd.a is sl.a, sd.a, hasattr(sd, 'b'))
