import typing
from typing import List, Dict, Optional, Union, Tuple, Callable, Any, TypeVar, Generic, NamedTuple, cast, Set, Iterable, Literal
print(typing.List[int], List[int], Dict[str, int], Optional[str], Union[int, str])
print(Tuple[int, ...], Tuple[int, str], Callable[[int, str], bool], Callable[..., int])
print(List, Dict, Any, Union[int], Union[int, Union[str, float]], Optional[List[int]])
print(Literal['a', 1], Set[int], Iterable[str], typing.Iterator[int], typing.Sequence[int], typing.Mapping[str, int])
T = TypeVar('T'); print(T, List[T], Dict[str, T][int])
class Box(Generic[T]):
    def __init__(self, v: T) -> None:
        self.v = v
    def get(self) -> T:
        return self.v
print(Box(3).get(), Box[int], Box[int](5).v)
class P(NamedTuple):
    x: int
    y: int = 0
    def norm(self): return self.x + self.y
print(P(1), P(1, 2), P(1, 2).norm(), P._fields, P.__annotations__)
Q = NamedTuple('Q', [('a', int), ('b', str)])
print(Q(1, 'b'), Q._fields)
print(cast(int, 'x'), typing.TYPE_CHECKING, typing.get_args(Dict[str, int]), typing.get_origin(List[int]))
def f(a: List[int], b: Optional[Dict[str, Any]] = None) -> Union[int, None]:
    return len(a)
print(f([1, 2]), typing.Type[int], typing.ClassVar[int], typing.Final[int])
print(Optional[int] == Union[int, None], List[int] == List[int])
class Proto(typing.Protocol):
    def m(self) -> int: ...
print(Proto.__name__)
@typing.overload
def g(x: int) -> int: ...
def g(x): return x
print(g(3))
print(typing.Generator[int, None, None], typing.Union[int, str, None])
print(typing.Annotated[int, 'meta'], typing.get_args(typing.Annotated[int, 'm']))
print(typing.get_args(Callable[[int], str]), typing.get_origin(Optional[int]) is Union)
print(typing.DefaultDict[str, int], typing.Deque[int], typing.FrozenSet[str])
print(repr(typing.AnyStr), TypeVar('C', covariant=True), typing.NoReturn)
print(typing.get_type_hints(f))
print(List['Box'], Dict[str, List['int']])
for bad in [lambda: List[int, str], lambda: Dict[str], lambda: List()]:
    try:
        bad()
    except TypeError as e:
        print('TypeError:', e)
try:
    Union[()]
except TypeError as e:
    print('TypeError:', e)
print(int | None if False else Optional[int] | str)
class Emp(NamedTuple):
    """An employee."""
    name: str
    id: int = 3
    def __repr__(self):
        return f'<Emp {self.name}>'
print(Emp('bob'), Emp('x', 1).id, Emp.__doc__, isinstance(Emp('a'), tuple), Emp._field_defaults)
class Movie(typing.TypedDict):
    title: str
    year: int
print(Movie(title='x', year=1), type(Movie(title='y', year=2)).__name__, Movie.__annotations__)
