"""Minimal typing support for Coil: enough for annotations and common imports.

Type checks are not performed; subscripted forms return simple alias objects
with CPython-like reprs.
"""

import collections as _collections

__all__ = [
    'Any', 'AnyStr', 'Annotated', 'AsyncGenerator', 'AsyncIterable',
    'AsyncIterator', 'Awaitable', 'Callable', 'ChainMap', 'ClassVar',
    'Collection', 'Container', 'Coroutine', 'Counter', 'DefaultDict', 'Deque',
    'Dict', 'Final', 'ForwardRef', 'FrozenSet', 'Generator', 'Generic',
    'Hashable', 'ItemsView', 'Iterable', 'Iterator', 'KeysView', 'List',
    'Literal', 'Mapping', 'MappingView', 'MutableMapping', 'MutableSequence',
    'MutableSet', 'NamedTuple', 'NewType', 'NoReturn', 'Never', 'Optional',
    'OrderedDict', 'Protocol', 'Reversible', 'Self', 'Sequence', 'Set',
    'Sized', 'SupportsAbs', 'SupportsFloat', 'SupportsIndex', 'SupportsInt',
    'Text', 'Tuple', 'Type', 'TypeAlias', 'TypeVar', 'TypedDict', 'Union',
    'ValuesView', 'TYPE_CHECKING', 'cast', 'final', 'get_args', 'get_origin',
    'get_type_hints', 'no_type_check', 'overload', 'runtime_checkable',
    'assert_never', 'reveal_type', 'ParamSpec', 'Concatenate', 'TypeGuard',
    'LiteralString', 'Unpack', 'TypeVarTuple', 'dataclass_transform',
]

TYPE_CHECKING = False


def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == 'builtins':
            return obj.__qualname__
        return f'{obj.__module__}.{obj.__qualname__}'
    if obj is ...:
        return '...'
    if obj is None:
        return 'None'
    if type(obj).__name__ == 'function':
        return obj.__name__
    if isinstance(obj, list):
        return '[' + ', '.join([_type_repr(a) for a in obj]) + ']'
    return repr(obj)


def _norm(arg):
    if arg is None:
        return type(None)
    if isinstance(arg, str):
        return ForwardRef(arg)
    return arg


class ForwardRef:
    def __init__(self, arg):
        self.__forward_arg__ = arg

    def __repr__(self):
        return f'ForwardRef({self.__forward_arg__!r})'

    def __eq__(self, other):
        if not isinstance(other, ForwardRef):
            return NotImplemented
        return self.__forward_arg__ == other.__forward_arg__

    def __hash__(self):
        return hash(self.__forward_arg__)


class _Final:
    """Base for typing objects: not subclassable in practice."""

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class _GenericAlias(_Final):
    """A subscripted generic, e.g. List[int]."""

    def __init__(self, origin, args, name=None, special=None):
        if not isinstance(args, tuple):
            args = (args,)
        self.__origin__ = origin
        self.__args__ = args
        self._name = name
        self._special = special

    def __repr__(self):
        if self._name:
            head = 'typing.' + self._name
        else:
            head = _type_repr(self.__origin__)
        if self._name == 'Callable' and len(self.__args__) >= 1:
            params = self.__args__[:-1]
            if len(params) == 1 and params[0] is ...:
                inner = '...'
            else:
                inner = '[' + ', '.join([_type_repr(a) for a in params]) + ']'
            return f'{head}[{inner}, {_type_repr(self.__args__[-1])}]'
        if not self.__args__:
            return f'{head}[()]'
        return head + '[' + ', '.join([_type_repr(a) for a in self.__args__]) + ']'

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return (self.__origin__ == other.__origin__
                and self.__args__ == other.__args__)

    def __hash__(self):
        return hash((self.__origin__, self.__args__))

    def __call__(self, *args, **kwargs):
        origin = self.__origin__
        if not callable(origin) or isinstance(origin, _SpecialForm):
            raise TypeError(f'Type {self!r} cannot be instantiated')
        result = origin(*args, **kwargs)
        try:
            result.__orig_class__ = self
        except Exception:
            pass
        return result

    def __getitem__(self, params):
        # Substitute type variables, e.g. Dict[str, T][int].
        if not isinstance(params, tuple):
            params = (params,)
        tvars = _collect_tvars(self.__args__)
        if len(tvars) != len(params):
            raise TypeError(f'Too many arguments for {self!r}'
                            if len(params) > len(tvars)
                            else f'Too few arguments for {self!r}')
        subst = dict(zip(tvars, [_norm(p) for p in params]))
        new_args = tuple([_subst(a, subst) for a in self.__args__])
        return _GenericAlias(self.__origin__, new_args, self._name)

    def __getattr__(self, attr):
        if attr.startswith('__') and attr.endswith('__'):
            raise AttributeError(attr)
        return getattr(self.__origin__, attr)

    def __instancecheck__(self, obj):
        raise TypeError('Subscripted generics cannot be used with class and '
                        'instance checks')


def _collect_tvars(args):
    out = []
    for a in args:
        if isinstance(a, TypeVar):
            if a not in out:
                out.append(a)
        elif isinstance(a, _GenericAlias):
            for t in _collect_tvars(a.__args__):
                if t not in out:
                    out.append(t)
    return out


def _subst(a, subst):
    if isinstance(a, TypeVar):
        return subst.get(a, a)
    if isinstance(a, _GenericAlias):
        return _GenericAlias(a.__origin__,
                             tuple([_subst(x, subst) for x in a.__args__]),
                             a._name)
    return a


class _SpecialGeneric(_Final):
    """An unsubscripted generic such as typing.List."""

    def __init__(self, origin, name, nparams=-1):
        self.__origin__ = origin
        self._name = name
        self._nparams = nparams

    def __repr__(self):
        return 'typing.' + self._name

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        if self._name == 'Callable':
            if len(params) != 2:
                raise TypeError('Callable must be used as Callable[[arg, ...], result].')
            args, result = params
            if args is ...:
                params = (..., _norm(result))
            else:
                params = tuple([_norm(a) for a in args]) + (_norm(result),)
            return _GenericAlias(self.__origin__, params, self._name)
        if self._name == 'Tuple':
            if params == ((),):
                return _GenericAlias(self.__origin__, (), self._name)
            return _GenericAlias(self.__origin__,
                                 tuple([_norm(p) if p is not ... else p
                                        for p in params]), self._name)
        if self._nparams >= 0 and len(params) != self._nparams:
            many = 'many' if len(params) > self._nparams else 'few'
            raise TypeError(f'Too {many} arguments for {self!r}; actual '
                            f'{len(params)}, expected {self._nparams}')
        return _GenericAlias(self.__origin__,
                             tuple([_norm(p) for p in params]), self._name)

    def __call__(self, *args, **kwargs):
        raise TypeError(f'Type {self._name} cannot be instantiated; '
                        f'use {self.__origin__.__name__}() instead')

    def __eq__(self, other):
        if not isinstance(other, _SpecialGeneric):
            return NotImplemented
        return self._name == other._name

    def __hash__(self):
        return hash(self._name)


class _SpecialForm(_Final):
    def __init__(self, name, getitem=None):
        self._name = name
        self._getitem = getitem

    def __repr__(self):
        return 'typing.' + self._name

    def __getitem__(self, params):
        if self._getitem is None:
            raise TypeError(f'{self!r} is not subscriptable')
        return self._getitem(self, params)

    def __call__(self, *args, **kwargs):
        raise TypeError(f'Cannot instantiate {self!r}')

    def __eq__(self, other):
        if not isinstance(other, _SpecialForm):
            return NotImplemented
        return self._name == other._name

    def __hash__(self):
        return hash(self._name)


class _UnionAlias(_GenericAlias):
    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and args[1] is type(None):
            return f'typing.Optional[{_type_repr(args[0])}]'
        if len(args) == 2 and args[0] is type(None):
            return f'typing.Optional[{_type_repr(args[1])}]'
        return 'typing.Union[' + ', '.join([_type_repr(a) for a in args]) + ']'

    def __eq__(self, other):
        if not isinstance(other, _UnionAlias) and not _is_uniontype(other):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))


_UnionType = type(int | str)


def _is_uniontype(obj):
    return type(obj) is _UnionType


def _union_getitem(self, params):
    if params == ():
        raise TypeError('Cannot take a Union of no types.')
    if not isinstance(params, tuple):
        params = (params,)
    flat = []
    for p in params:
        p = _norm(p)
        if isinstance(p, _UnionAlias) or _is_uniontype(p):
            items = p.__args__
        else:
            items = (p,)
        for it in items:
            if it not in flat:
                flat.append(it)
    if len(flat) == 1:
        return flat[0]
    return _UnionAlias(Union, tuple(flat), 'Union')


def _optional_getitem(self, param):
    return Union[param, None]


def _literal_getitem(self, params):
    if not isinstance(params, tuple):
        params = (params,)
    return _LiteralAlias(Literal, params, 'Literal')


class _LiteralAlias(_GenericAlias):
    def __repr__(self):
        return 'typing.Literal[' + ', '.join([repr(a) for a in self.__args__]) + ']'


def _single_getitem(self, param):
    if isinstance(param, tuple):
        if len(param) != 1:
            raise TypeError(f'{self._name} accepts only single type.')
        param = param[0]
    return _GenericAlias(self, (_norm(param),), self._name)


def _annotated_getitem(self, params):
    if not isinstance(params, tuple) or len(params) < 2:
        raise TypeError('Annotated[...] should be used with at least two '
                        'arguments (a type and an annotation).')
    return _AnnotatedAlias(params[0], params[1:])


class _AnnotatedAlias(_GenericAlias):
    def __init__(self, origin, metadata):
        _GenericAlias.__init__(self, origin, (origin,), 'Annotated')
        self.__metadata__ = metadata

    def __repr__(self):
        return 'typing.Annotated[{}, {}]'.format(
            _type_repr(self.__origin__),
            ', '.join([repr(a) for a in self.__metadata__]))


def _concat_getitem(self, params):
    if not isinstance(params, tuple):
        params = (params,)
    return _GenericAlias(self, params, self._name)


Any = _SpecialForm('Any')
NoReturn = _SpecialForm('NoReturn')
Never = _SpecialForm('Never')
Self = _SpecialForm('Self')
LiteralString = _SpecialForm('LiteralString')
TypeAlias = _SpecialForm('TypeAlias')
Union = _SpecialForm('Union', _union_getitem)
Optional = _SpecialForm('Optional', _optional_getitem)
Literal = _SpecialForm('Literal', _literal_getitem)
ClassVar = _SpecialForm('ClassVar', _single_getitem)
Final = _SpecialForm('Final', _single_getitem)
TypeGuard = _SpecialForm('TypeGuard', _single_getitem)
Unpack = _SpecialForm('Unpack', _single_getitem)
Required = _SpecialForm('Required', _single_getitem)
NotRequired = _SpecialForm('NotRequired', _single_getitem)
Annotated = _SpecialForm('Annotated', _annotated_getitem)
Concatenate = _SpecialForm('Concatenate', _concat_getitem)


class TypeVar(_Final):
    def __init__(self, name, *constraints, bound=None, covariant=False,
                 contravariant=False):
        self.__name__ = name
        if covariant and contravariant:
            raise ValueError('Bivariant types are not supported.')
        if len(constraints) == 1:
            raise TypeError('A single constraint is not allowed')
        self.__constraints__ = tuple([_norm(c) for c in constraints])
        self.__bound__ = _norm(bound) if bound is not None else None
        self.__covariant__ = bool(covariant)
        self.__contravariant__ = bool(contravariant)

    def __repr__(self):
        if self.__covariant__:
            prefix = '+'
        elif self.__contravariant__:
            prefix = '-'
        else:
            prefix = '~'
        return prefix + self.__name__


class ParamSpec(_Final):
    def __init__(self, name, *, bound=None, covariant=False, contravariant=False):
        self.__name__ = name

    def __repr__(self):
        return '~' + self.__name__

    @property
    def args(self):
        return _ParamSpecAttr(self, 'args')

    @property
    def kwargs(self):
        return _ParamSpecAttr(self, 'kwargs')


class _ParamSpecAttr:
    def __init__(self, origin, kind):
        self.__origin__ = origin
        self._kind = kind

    def __repr__(self):
        return f'{self.__origin__.__name__}.{self._kind}'


class TypeVarTuple(_Final):
    def __init__(self, name):
        self.__name__ = name

    def __repr__(self):
        return self.__name__

    def __iter__(self):
        yield Unpack[self]


AnyStr = TypeVar('AnyStr', bytes, str)
Text = str


class Generic:
    """Base class for generic classes: class Foo(Generic[T]): ..."""
    __slots__ = ()

    def __class_getitem__(cls, params):
        if not isinstance(params, tuple):
            params = (params,)
        if cls is Generic or cls is Protocol:
            # Without __mro_entries__, Generic[T] must itself be a class.
            return cls
        return _GenericAlias(cls, tuple([_norm(p) for p in params]))


class Protocol(Generic):
    __slots__ = ()


def runtime_checkable(cls):
    return cls


class _Object:
    pass


def _abc(name, nparams=-1, origin=None):
    if origin is None:
        origin = type(name, (_Object,), {})
        origin.__module__ = 'collections.abc'
    return _SpecialGeneric(origin, name, nparams)


List = _SpecialGeneric(list, 'List', 1)
Dict = _SpecialGeneric(dict, 'Dict', 2)
Set = _SpecialGeneric(set, 'Set', 1)
FrozenSet = _SpecialGeneric(frozenset, 'FrozenSet', 1)
Tuple = _SpecialGeneric(tuple, 'Tuple')
Type = _SpecialGeneric(type, 'Type', 1)
Deque = _SpecialGeneric(_collections.deque, 'Deque', 1)
DefaultDict = _SpecialGeneric(_collections.defaultdict, 'DefaultDict', 2)
OrderedDict = _SpecialGeneric(_collections.OrderedDict, 'OrderedDict', 2)
Counter = _SpecialGeneric(_collections.Counter, 'Counter', 1)
ChainMap = _SpecialGeneric(_collections.ChainMap, 'ChainMap', 2)
Callable = _abc('Callable')
Iterable = _abc('Iterable', 1)
Iterator = _abc('Iterator', 1)
Reversible = _abc('Reversible', 1)
Generator = _abc('Generator', 3)
AsyncGenerator = _abc('AsyncGenerator', 2)
AsyncIterable = _abc('AsyncIterable', 1)
AsyncIterator = _abc('AsyncIterator', 1)
Awaitable = _abc('Awaitable', 1)
Coroutine = _abc('Coroutine', 3)
Sequence = _abc('Sequence', 1)
MutableSequence = _abc('MutableSequence', 1)
Mapping = _abc('Mapping', 2)
MutableMapping = _abc('MutableMapping', 2)
AbstractSet = _abc('AbstractSet', 1)
MutableSet = _abc('MutableSet', 1)
Collection = _abc('Collection', 1)
Container = _abc('Container', 1)
MappingView = _abc('MappingView', 1)
KeysView = _abc('KeysView', 1)
ItemsView = _abc('ItemsView', 2)
ValuesView = _abc('ValuesView', 1)
ContextManager = _abc('AbstractContextManager', 1)
AsyncContextManager = _abc('AbstractAsyncContextManager', 1)
Hashable = _abc('Hashable', 0)
Sized = _abc('Sized', 0)
SupportsInt = _abc('SupportsInt', 0)
SupportsFloat = _abc('SupportsFloat', 0)
SupportsIndex = _abc('SupportsIndex', 0)
SupportsAbs = _abc('SupportsAbs', 1)
SupportsRound = _abc('SupportsRound', 1)
Pattern = _abc('Pattern', 1)
Match = _abc('Match', 1)


def cast(typ, val):
    return val


def overload(func):
    def _overload_dummy(*args, **kwds):
        raise NotImplementedError(
            'You should not call an overloaded function. '
            'A series of @typing.overload-decorated functions '
            'outside a stub module should always be followed '
            'by an implementation that is not @typing.overload-ed.')
    return _overload_dummy


def final(f):
    try:
        f.__final__ = True
    except (AttributeError, TypeError):
        pass
    return f


def no_type_check(arg):
    return arg


def dataclass_transform(**kwargs):
    def decorator(cls_or_fn):
        return cls_or_fn
    return decorator


def assert_never(arg):
    value = repr(arg)
    if len(value) > 100:
        value = value[:100] + '...'
    raise AssertionError(f'Expected code to be unreachable, but got: {value}')


def reveal_type(obj):
    import sys
    print(f'Runtime type is {type(obj).__name__!r}', file=sys.stderr)
    return obj


def get_origin(tp):
    if _is_uniontype(tp):
        return _UnionType
    if isinstance(tp, _AnnotatedAlias):
        return Annotated
    if isinstance(tp, _GenericAlias):
        return tp.__origin__
    if tp is Generic:
        return Generic
    return None


def get_args(tp):
    if _is_uniontype(tp):
        return tp.__args__
    if isinstance(tp, _AnnotatedAlias):
        return (tp.__origin__,) + tp.__metadata__
    if isinstance(tp, _GenericAlias):
        res = tp.__args__
        if tp._name == 'Callable' and res and res[0] is not ...:
            res = (list(res[:-1]), res[-1])
        return res
    return ()


def _eval_hint(value, globalns, localns):
    if value is None:
        return type(None)
    if isinstance(value, ForwardRef):
        value = value.__forward_arg__
    if isinstance(value, str):
        try:
            value = eval(value, globalns, localns)
        except Exception:
            raise NameError(f"name {value!r} is not defined")
        return _eval_hint(value, globalns, localns)
    if isinstance(value, _GenericAlias) and not isinstance(value, _LiteralAlias):
        new_args = tuple([a if a is ... else _eval_hint(a, globalns, localns)
                          for a in value.__args__])
        if isinstance(value, _UnionAlias):
            return Union[new_args]
        new = object.__new__(type(value))
        new.__dict__.update(value.__dict__)
        new.__args__ = new_args
        return new
    return value


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    hints = {}
    if isinstance(obj, type):
        import sys
        for base in reversed(obj.__mro__):
            ann = base.__dict__.get('__annotations__', {})
            if globalns is None:
                mod = sys.modules.get(base.__module__, None)
                base_globals = getattr(mod, '__dict__', {}) if mod is not None else {}
            else:
                base_globals = globalns
            base_locals = dict(vars(base)) if localns is None else localns
            for name, value in ann.items():
                hints[name] = _eval_hint(value, base_globals, base_locals)
        return hints
    if globalns is None:
        globalns = getattr(obj, '__globals__', {})
    if localns is None:
        localns = globalns
    ann = getattr(obj, '__annotations__', None) or {}
    for name, value in ann.items():
        hints[name] = _eval_hint(value, globalns, localns)
    return hints


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    new_type.__qualname__ = name
    new_type.__supertype__ = tp
    return new_type


class _NamedTupleMeta(type):
    def __new__(mcls, typename, bases, ns, **kwargs):
        if ns.get('_root', False):
            return type.__new__(mcls, typename, bases, ns)
        types = ns.get('__annotations__', {})
        field_names = list(types)
        defaults = []
        for field_name in field_names:
            if field_name in ns:
                defaults.append(ns[field_name])
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {field_name} "
                                f"cannot follow default field"
                                f"{'s' if len(defaults) > 1 else ''} "
                                f"{', '.join(field_names[:len(defaults)])}")
        body = {'__annotations__': dict(types)}
        for key, val in ns.items():
            if key in ('__annotations__', '__module__', '__qualname__',
                       '_root', '__classcell__'):
                continue
            if key in field_names:
                continue
            if key in ('_make', '_asdict', '_replace', '_fields',
                       '_field_defaults', '__new__', '__init__', '__slots__',
                       '__getnewargs__'):
                raise AttributeError('Cannot overwrite NamedTuple attribute ' + key)
            body[key] = val
        return _collections._namedtuple(typename, field_names, False, defaults,
                                        ns.get('__module__', '__main__'), body)

    def __call__(cls, typename, fields=None, /, **kwargs):
        if fields is None:
            fields = list(kwargs.items())
        fields = list(fields)
        types = {n: t for n, t in fields}
        return _collections._namedtuple(typename, [n for n, t in fields], False,
                                        None, None, {'__annotations__': types})


class NamedTuple(metaclass=_NamedTupleMeta):
    _root = True


class _TypedDictMeta(type):
    def __new__(mcls, name, bases, ns, total=True, **kwargs):
        ann = {}
        for base in bases:
            ann.update(getattr(base, '__annotations__', {}))
        ann.update(ns.get('__annotations__', {}))
        ns['__annotations__'] = ann
        ns['__total__'] = total
        return type.__new__(mcls, name, bases, ns)

    def __call__(cls, *args, **kwargs):
        if cls is TypedDict and args and isinstance(args[0], str):
            fields = args[1] if len(args) > 1 else kwargs
            return _TypedDictMeta(args[0], (TypedDict,),
                                  {'__annotations__': dict(fields)})
        return dict(*args, **kwargs)


class TypedDict(metaclass=_TypedDictMeta):
    pass
