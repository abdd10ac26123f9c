from collections import namedtuple

Point = namedtuple('Point', 'x y')
p = Point(1, 2)
print(p, p.x, p.y, p[0], p[1], len(p))
print(repr(p), tuple(p), list(p))
print(Point._fields, p._asdict())
print(p._replace(x=10), p)
print(Point._make([5, 6]))
print(isinstance(p, tuple), type(p).__name__, Point.__name__)
x, y = p
print(x + y, p == (1, 2), p + (3,), hash(p) == hash((1, 2)))
print(Point(y=4, x=3))
P3 = namedtuple('P3', ['a', 'b', 'c'], defaults=[0, 9])
print(P3(1), P3(1, 2), P3(1, 2, 3), P3._field_defaults)
R = namedtuple('R', 'a, def, a, _b', rename=True)
print(R._fields, R(1, 2, 3, 4))
E = namedtuple('E', '')
print(E(), E._fields)
One = namedtuple('One', 'v')
print(One(7), One._fields)
print(Point.__match_args__)
for bad in [('P', 'x x'), ('P', 'x _y'), ('P', 'x def'), ('1P', 'x'), ('P', 'x 1y')]:
    try:
        namedtuple(*bad)
    except ValueError as e:
        print('ValueError:', e)
try:
    Point._make([1])
except TypeError as e:
    print('TypeError:', e)
try:
    p._replace(z=1)
except ValueError as e:
    print('ValueError:', e)
try:
    p.x = 5
except AttributeError as e:
    print('AttributeError')
class Sub(Point):
    def dist(self):
        return self.x ** 2 + self.y ** 2
s = Sub(3, 4)
print(s.dist(), s)
print(sorted([Point(2, 1), Point(1, 5), Point(1, 2)]))
print(max(Point(1, 9), Point(2, 0)).x)
