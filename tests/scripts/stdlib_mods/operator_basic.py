import operator
from operator import itemgetter, attrgetter, methodcaller
print(operator.add(2,3), operator.sub(2,3), operator.mul(4,5), operator.truediv(7,2), operator.floordiv(7,2))
print(operator.mod(7,3), operator.pow(2,10), operator.neg(5), operator.pos(-5), operator.abs(-3))
print(operator.not_(0), operator.truth([]), operator.eq(1,1), operator.ne(1,2), operator.lt(1,2), operator.le(2,2), operator.gt(1,2), operator.ge(3,2))
print(operator.and_(12,10), operator.or_(12,10), operator.xor(12,10), operator.invert(5), operator.lshift(1,4), operator.rshift(16,2))
print(operator.concat([1],[2]), operator.contains("abc","b"), operator.countOf([1,2,1,1],1), operator.indexOf("abc","c"))
d = {"a": 1}
operator.setitem(d, "b", 2); print(d, operator.getitem(d, "a"))
operator.delitem(d, "a"); print(d)
print(operator.is_(None, None), operator.is_not(1, None), operator.index(7))
print(operator.length_hint([1,2,3]), operator.length_hint(iter([]), 5))
g = itemgetter(1); print(g, g("abc"), itemgetter(0, 2)("abc"), itemgetter("k")({"k": 9}))
print(sorted([(1,"b"),(0,"z"),(2,"a")], key=itemgetter(1)))
class P:
    pass
p = P(); p.x = 1; p.q = P(); p.q.y = 2
print(attrgetter("x")(p), attrgetter("q.y")(p), attrgetter("x", "q.y")(p), attrgetter("x", "q.y"))
m = methodcaller("split", ",", maxsplit=1); print(m, m("a,b,c"))
print(methodcaller("upper")("abc"))
l = [1]; r = operator.iadd(l, [2]); print(l, r is l)
print(operator.isub(5, 2), operator.imul("ab", 2), operator.ior(1, 2), operator.ipow(2, 3), operator.itruediv(1, 4))
for f, args in [(operator.indexOf, ([1], 2)), (operator.concat, (1, 2)), (operator.indexOf, ("ab", "z"))]:
    try:
        f(*args)
    except Exception as e:
        print(type(e).__name__, e)
try:
    operator.add(1, "a")
except TypeError as e:
    print("TypeError", e)
print(list(map(operator.mul, [1, 2, 3], [4, 5, 6])))
print(operator.__add__(1, 2), operator.ilshift(1, 3), operator.iconcat([1], (2,)))
