# itertools for Coil: iterator building blocks, following the "roughly
# equivalent" Python code in the CPython documentation (same output order).


def count(start=0, step=1):
    for v in (start, step):
        if not isinstance(v, (int, float)):
            raise TypeError('a number is required')
    return _count(start, step)


def _count(start, step):
    n = start
    while True:
        yield n
        n += step


def cycle(iterable):
    return _cycle(iter(iterable))


def _cycle(it):
    saved = []
    for element in it:
        yield element
        saved.append(element)
    if not saved:
        return
    while True:
        for element in saved:
            yield element


def repeat(object, times=None):
    if times is None:
        return _repeat_forever(object)
    if not isinstance(times, int):
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(times).__name__)
    return _repeat_n(object, times)


def _repeat_forever(object):
    while True:
        yield object


def _repeat_n(object, times):
    for i in range(times):
        yield object


def _add(a, b):
    return a + b


def accumulate(iterable, func=None, *, initial=None):
    return _accumulate(iter(iterable), func, initial)


def _accumulate(it, func, initial):
    if func is None:
        func = _add
    total = initial
    if initial is None:
        try:
            total = next(it)
        except StopIteration:
            return
    yield total
    for element in it:
        total = func(total, element)
        yield total


class chain:
    def __init__(self, *iterables):
        self._source = iter(iterables)
        self._active = None

    @classmethod
    def from_iterable(cls, iterable):
        c = cls()
        c._source = iter(iterable)
        return c

    def __iter__(self):
        return self

    def __next__(self):
        while self._source is not None:
            if self._active is None:
                try:
                    it = next(self._source)
                except StopIteration:
                    self._source = None
                    break
                self._active = iter(it)
            try:
                return next(self._active)
            except StopIteration:
                self._active = None
        raise StopIteration


def compress(data, selectors):
    return (d for d, s in zip(data, selectors) if s)


def dropwhile(predicate, iterable):
    return _dropwhile(predicate, iter(iterable))


def _dropwhile(predicate, it):
    for x in it:
        if not predicate(x):
            yield x
            break
    for x in it:
        yield x


def takewhile(predicate, iterable):
    return _takewhile(predicate, iter(iterable))


def _takewhile(predicate, it):
    for x in it:
        if predicate(x):
            yield x
        else:
            break


def filterfalse(predicate, iterable):
    return _filterfalse(predicate, iter(iterable))


def _filterfalse(predicate, it):
    if predicate is None:
        predicate = bool
    for x in it:
        if not predicate(x):
            yield x


class groupby:
    def __init__(self, iterable, key=None):
        if key is None:
            key = _identity
        self.keyfunc = key
        self.it = iter(iterable)
        self.tgtkey = self.currkey = self.currvalue = _marker
        self._id = object()

    def __iter__(self):
        return self

    def __next__(self):
        self._id = object()
        while self.currkey is _marker or self.currkey == self.tgtkey:
            self.currvalue = next(self.it)    # Exit on StopIteration
            self.currkey = self.keyfunc(self.currvalue)
        self.tgtkey = self.currkey
        return (self.currkey, self._grouper(self.tgtkey, self._id))

    def _grouper(self, tgtkey, id):
        while self._id is id and self.currkey == tgtkey:
            yield self.currvalue
            if self._id is not id:
                return
            try:
                self.currvalue = next(self.it)
            except StopIteration:
                return
            self.currkey = self.keyfunc(self.currvalue)


_marker = object()


def _identity(x):
    return x


def _islice_arg(v):
    try:
        return v.__index__()
    except AttributeError:
        return -1


def islice(iterable, *args):
    nargs = len(args)
    if nargs == 0:
        raise TypeError('islice expected at least 2 arguments, got 1')
    if nargs > 3:
        raise TypeError('islice expected at most 4 arguments, got %d'
                        % (nargs + 1))
    start = 0
    stop = -1
    step = 1
    if nargs == 1:
        a1 = args[0]
        if a1 is not None:
            stop = _islice_arg(a1)
            if stop == -1:
                raise ValueError('Stop argument for islice() must be None or '
                                 'an integer: 0 <= x <= sys.maxsize.')
    else:
        a1 = args[0]
        a2 = args[1]
        if a1 is not None:
            start = _islice_arg(a1)
        if a2 is not None:
            stop = _islice_arg(a2)
            if stop == -1:
                raise ValueError('Stop argument for islice() must be None or '
                                 'an integer: 0 <= x <= sys.maxsize.')
    if start < 0 or stop < -1:
        raise ValueError('Indices for islice() must be None or an integer: '
                         '0 <= x <= sys.maxsize.')
    if nargs == 3 and args[2] is not None:
        step = _islice_arg(args[2])
    if step < 1:
        raise ValueError('Step for islice() must be a positive integer or '
                         'None.')
    if stop == -1:
        stop = None
    return _islice(iter(iterable), start, stop, step)


def _islice(it, start, stop, step):
    if stop is None:
        nexti = start
        i = 0
        for element in it:
            if i == nexti:
                yield element
                nexti += step
            i += 1
        return
    if start >= stop:
        # Consume the first `stop` items like CPython does.
        for i in range(stop):
            try:
                next(it)
            except StopIteration:
                return
        return
    nexti = start
    i = 0
    for element in it:
        if i == nexti:
            yield element
            nexti += step
            if nexti >= stop:
                # Consume up to stop, as CPython does.
                for j in range(i + 1, stop):
                    try:
                        next(it)
                    except StopIteration:
                        return
                return
        i += 1


def starmap(function, iterable):
    return _starmap(function, iter(iterable))


def _starmap(function, it):
    for args in it:
        yield function(*args)


class _TeeLink:
    # One position in the shared buffer of a tee: the value there (once
    # fetched) and the link to the next position.
    __slots__ = ('value', 'next')

    def __init__(self):
        self.value = None
        self.next = None


class _tee:
    def __init__(self, it, link):
        self._it = it
        self._link = link

    def __iter__(self):
        return self

    def __next__(self):
        link = self._link
        if link.next is None:
            link.value = next(self._it)
            link.next = _TeeLink()
        self._link = link.next
        return link.value

    def __copy__(self):
        return _tee(self._it, self._link)


def tee(iterable, n=2):
    if not isinstance(n, int):
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(n).__name__)
    if n < 0:
        raise ValueError('n must be >= 0')
    if n == 0:
        return ()
    it = iter(iterable)
    if isinstance(it, _tee):
        first = it
    else:
        first = _tee(it, _TeeLink())
    result = [first]
    for i in range(n - 1):
        result.append(first.__copy__())
    return tuple(result)


def zip_longest(*args, fillvalue=None):
    return _zip_longest([iter(a) for a in args], fillvalue)


def _zip_longest(iterators, fillvalue):
    num_active = len(iterators)
    if not num_active:
        return
    while True:
        values = []
        for i in range(len(iterators)):
            it = iterators[i]
            try:
                value = next(it)
            except StopIteration:
                num_active -= 1
                if not num_active:
                    return
                iterators[i] = repeat(fillvalue)
                value = fillvalue
            values.append(value)
        yield tuple(values)


def pairwise(iterable):
    return _pairwise(iter(iterable))


def _pairwise(it):
    try:
        a = next(it)
    except StopIteration:
        return
    for b in it:
        yield (a, b)
        a = b


def product(*args, repeat=1):
    if repeat < 0:
        raise ValueError('repeat argument cannot be negative')
    pools = [tuple(pool) for pool in args] * repeat
    return _product(pools)


def _product(pools):
    n = len(pools)
    for pool in pools:
        if not pool:
            return
    indices = [0] * n
    yield tuple([pool[0] for pool in pools])
    while True:
        for i in reversed(range(n)):
            indices[i] += 1
            if indices[i] < len(pools[i]):
                break
            indices[i] = 0
        else:
            return
        yield tuple([pools[i][indices[i]] for i in range(n)])


def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    if r is None:
        r = n
    elif not isinstance(r, int):
        raise TypeError('Expected int as r')
    if r < 0:
        raise ValueError('r must be non-negative')
    return _permutations(pool, n, r)


def _permutations(pool, n, r):
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple([pool[i] for i in indices[:r]])
    while n:
        for i in reversed(range(r)):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple([pool[i] for i in indices[:r]])
                break
        else:
            return


def combinations(iterable, r):
    pool = tuple(iterable)
    if not isinstance(r, int):
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(r).__name__)
    if r < 0:
        raise ValueError('r must be non-negative')
    return _combinations(pool, r)


def _combinations(pool, r):
    n = len(pool)
    if r > n:
        return
    indices = list(range(r))
    yield tuple([pool[i] for i in indices])
    while True:
        for i in reversed(range(r)):
            if indices[i] != i + n - r:
                break
        else:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple([pool[i] for i in indices])


def combinations_with_replacement(iterable, r):
    pool = tuple(iterable)
    if not isinstance(r, int):
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(r).__name__)
    if r < 0:
        raise ValueError('r must be non-negative')
    return _cwr(pool, r)


def _cwr(pool, r):
    n = len(pool)
    if not n and r:
        return
    indices = [0] * r
    yield tuple([pool[i] for i in indices])
    while True:
        for i in reversed(range(r)):
            if indices[i] != n - 1:
                break
        else:
            return
        indices[i:] = [indices[i] + 1] * (r - i)
        yield tuple([pool[i] for i in indices])
