"""Generic (shallow and deep) copying operations (Coil subset)."""

__all__ = ["Error", "copy", "deepcopy"]


class Error(Exception):
    pass


error = Error

_atomic = (type(None), bool, int, float, str, bytes, type, range,
           type(len), type(Ellipsis), type(NotImplemented))


def _is_atomic(x):
    for t in _atomic:
        if type(x) is t:
            return True
    if callable(x) and type(x).__name__ in ('function', 'builtin_function_or_method'):
        return True
    return False


def _copy_inst(x):
    cls = type(x)
    y = cls.__new__(cls)
    return _copy_state(x, y)


def copy(x):
    cls = type(x)
    if _is_atomic(x) or cls is tuple or cls is frozenset:
        return x
    if cls is list:
        return list(x)
    if cls is dict:
        return dict(x)
    if cls is set:
        return set(x)
    if cls is bytearray:
        return bytearray(x)
    copier = getattr(cls, '__copy__', None)
    if copier is not None:
        return copier(x)
    if isinstance(x, type):
        return x
    if isinstance(x, tuple):
        y = _new_tuple(cls, x, tuple(x))
        return _copy_state(x, y)
    if isinstance(x, dict):
        y = cls.__new__(cls)
        _copy_state(x, y)
        for k, v in dict.items(x):
            y[k] = v
        return y
    if isinstance(x, list):
        y = cls.__new__(cls)
        _copy_state(x, y)
        y.extend(x)
        return y
    if isinstance(x, BaseException):
        return x
    return _copy_inst(x)


def _new_tuple(cls, x, items):
    if getattr(cls, '__getnewargs__', None) is not None:
        return cls.__new__(cls, *items)
    return cls.__new__(cls, items)


def _slot_names(cls):
    names = []
    for c in cls.__mro__:
        slots = c.__dict__.get('__slots__', ())
        if isinstance(slots, str):
            slots = (slots,)
        for name in slots:
            if name not in ('__dict__', '__weakref__') and name not in names:
                names.append(name)
    return names


def _has_own(cls, name):
    for c in cls.__mro__:
        if c is not object and name in c.__dict__:
            return True
    return False


def _copy_state(x, y, memo=None):
    cls = type(x)
    custom_get = _has_own(cls, '__getstate__')
    custom_set = _has_own(cls, '__setstate__')
    if custom_get or custom_set:
        if custom_get:
            state = x.__getstate__()
        else:
            state = getattr(x, '__dict__', None) or None
        if state is None:
            return y
        if memo is not None:
            state = deepcopy(state, memo)
        if custom_set:
            y.__setstate__(state)
        else:
            y.__dict__.update(state)
        return y
    d = getattr(x, '__dict__', None)
    if d:
        if memo is not None:
            d = deepcopy(d, memo)
        y.__dict__.update(d)
    for name in _slot_names(type(x)):
        try:
            value = getattr(x, name)
        except AttributeError:
            continue
        if memo is not None:
            value = deepcopy(value, memo)
        setattr(y, name, value)
    return y


def deepcopy(x, memo=None, _nil=[]):
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if _is_atomic(x):
        return x
    if cls is list:
        y = []
        memo[d] = y
        _keep_alive(x, memo)
        for a in x:
            y.append(deepcopy(a, memo))
        return y
    if cls is dict:
        y = {}
        memo[d] = y
        _keep_alive(x, memo)
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
        return y
    if cls is tuple:
        y = [deepcopy(a, memo) for a in x]
        try:
            return memo[d]
        except KeyError:
            pass
        for k, j in zip(x, y):
            if k is not j:
                y = tuple(y)
                break
        else:
            y = x
        memo[d] = y
        _keep_alive(x, memo)
        return y
    if cls is set:
        y = set()
        memo[d] = y
        _keep_alive(x, memo)
        for a in x:
            y.add(deepcopy(a, memo))
        return y
    if cls is frozenset:
        y = frozenset([deepcopy(a, memo) for a in x])
        memo[d] = y
        _keep_alive(x, memo)
        return y
    if cls is bytearray:
        y = bytearray(x)
        memo[d] = y
        return y
    copier = getattr(x, '__deepcopy__', None)
    if copier is not None and not isinstance(x, type):
        y = copier(memo)
    elif isinstance(x, type):
        y = x
    elif isinstance(x, tuple):
        y = _new_tuple(cls, x, tuple([deepcopy(a, memo) for a in x]))
        memo[d] = y
        _deep_state(x, y, memo)
    elif isinstance(x, dict):
        y = cls.__new__(cls)
        memo[d] = y
        _deep_state(x, y, memo)
        for k, v in dict.items(x):
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif isinstance(x, list):
        y = cls.__new__(cls)
        memo[d] = y
        _deep_state(x, y, memo)
        for a in x:
            y.append(deepcopy(a, memo))
    elif isinstance(x, BaseException):
        y = x
    else:
        y = cls.__new__(cls)
        memo[d] = y
        _deep_state(x, y, memo)
    if y is not x:
        memo[d] = y
        _keep_alive(x, memo)
    return y


def _deep_state(x, y, memo):
    _copy_state(x, y, memo)


def _keep_alive(x, memo):
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]
