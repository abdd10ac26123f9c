# string for Coil: constants, capwords and Template (parsed by hand, no re).

__all__ = ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords",
           "digits", "hexdigits", "octdigits", "printable", "punctuation",
           "whitespace", "Template"]

whitespace = ' \t\n\r\x0b\x0c'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or ' ').join([x.capitalize() for x in s.split(sep)])


_IDSTART = ascii_letters + '_'
_IDCHARS = ascii_letters + digits + '_'


def _ident_end(s, i):
    # Index just past an identifier starting at i, or i if there is none.
    n = len(s)
    if i < n and s[i] in _IDSTART:
        i += 1
        while i < n and s[i] in _IDCHARS:
            i += 1
    return i


class Template:
    delimiter = '$'

    def __init__(self, template):
        self.template = template

    def _invalid(self, i):
        lines = self.template[:i].splitlines(keepends=True)
        if not lines:
            colno = 1
            lineno = 1
        else:
            colno = i - len(''.join(lines[:-1]))
            lineno = len(lines)
        raise ValueError('Invalid placeholder in string: line %d, col %d' %
                         (lineno, colno))

    def _scan(self, convert, safe):
        s = self.template
        d = self.delimiter
        dl = len(d)
        out = []
        n = len(s)
        i = 0
        start = 0
        while True:
            j = s.find(d, i)
            if j < 0:
                break
            out.append(s[start:j])
            k = j + dl
            if s.startswith(d, k):
                out.append(d)
                i = start = k + dl
                continue
            e = _ident_end(s, k)
            if e > k:
                name = s[k:e]
                out.append(convert(name, s[j:e]))
                i = start = e
                continue
            if k < n and s[k] == '{':
                e = _ident_end(s, k + 1)
                if e > k + 1 and e < n and s[e] == '}':
                    name = s[k + 1:e]
                    out.append(convert(name, s[j:e + 1]))
                    i = start = e + 1
                    continue
            if safe:
                out.append(d)
                i = start = k
                continue
            self._invalid(k)
        out.append(s[start:])
        return ''.join(out)

    def substitute(self, mapping=None, /, **kws):
        if mapping is None:
            mapping = kws
        elif kws:
            mapping = _ChainMap(kws, mapping)

        def convert(name, text):
            return str(mapping[name])
        return self._scan(convert, False)

    def safe_substitute(self, mapping=None, /, **kws):
        if mapping is None:
            mapping = kws
        elif kws:
            mapping = _ChainMap(kws, mapping)

        def convert(name, text):
            try:
                return str(mapping[name])
            except KeyError:
                return text
        return self._scan(convert, True)

    def is_valid(self):
        try:
            self._scan(lambda name, text: '', False)
        except ValueError:
            return False
        return True

    def get_identifiers(self):
        ids = []

        def convert(name, text):
            if name not in ids:
                ids.append(name)
            return ''
        self._scan(convert, True)
        return ids


class _ChainMap:
    def __init__(self, *maps):
        self.maps = maps

    def __getitem__(self, key):
        for m in self.maps:
            try:
                return m[key]
            except KeyError:
                pass
        raise KeyError(key)
