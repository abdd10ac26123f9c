class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f"Money({self.cents})"
    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        if isinstance(other, int):
            return Money(self.cents + other)
        return NotImplemented
    def __radd__(self, other):
        print("radd with", other)
        return self.__add__(other)
    def __sub__(self, other):
        return Money(self.cents - other.cents)
    def __mul__(self, k):
        return Money(self.cents * k)
    __rmul__ = __mul__
    def __neg__(self):
        return Money(-self.cents)
    def __truediv__(self, k):
        return Money(self.cents // k)
    def __floordiv__(self, k):
        return "floordiv"
    def __mod__(self, k):
        return "mod"
    def __pow__(self, k):
        return "pow"
    def __rsub__(self, other):
        return "rsub"
m = Money(100)
print(m + Money(5), m + 1, 1 + m, m - Money(1), m * 3, 3 * m, -m, m / 3, m // 2, m % 2, m ** 2, 5 - m)
print(sum([Money(1), Money(2)]))
try:
    m + "x"
except TypeError as e:
    print("TypeError:", e)
try:
    "x" - m
except TypeError as e:
    print("never", e)
class Sub(Money):
    def __radd__(self, other):
        return "Sub.__radd__ wins"
print(Money(1) + Sub(2))
