import typing
from typing import List, Optional
class Node:
    val: int
    nxt: 'Optional[Node]' = None
def f(a: 'int', b: List['Node'], c: None = None) -> 'str': pass
print(typing.get_type_hints(f))
print(typing.get_type_hints(Node))
from typing import Generic, TypeVar, Protocol, Dict, Callable
T = TypeVar('T'); K = TypeVar('K')
class Base:
    def hello(self): return 'hi'
class Pair(Base, Generic[K, T]):
    def __init__(self, k: K, v: T): self.k = k; self.v = v
print(Pair(1, 'a').hello(), Pair[str, int], isinstance(Pair(1, 2), Base), Pair[str, int](1, 2).v)
class Shape(Protocol):
    def area(self) -> float: ...
class Sq:
    def area(self) -> float: return 4.0
def total(s: Shape) -> float: return s.area()
print(total(Sq()))
x: typing.List[int] = [1]
print(x, typing.Optional[typing.Callable[[], None]], Dict[K, T][str, int])
Handler = Callable[[str, int], None]
print(Handler, typing.get_args(Handler), typing.get_origin(Handler))
print(typing.get_origin(Generic), typing.get_args(int), typing.get_origin(int))
UserId = typing.NewType('UserId', int)
print(UserId(5), UserId.__supertype__)
u = int | None
print(typing.Optional[int] == u, typing.Union[int, str] == (str | int), typing.Optional[int | str])
print(typing.get_args(int | str), typing.get_origin(int | str), typing.List[int | None])
