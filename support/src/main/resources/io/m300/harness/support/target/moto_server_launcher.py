# moto_server's own entry point, as the harness runs it (io.m300.harness.support.target.MotoTarget).
#
# Two lookups that moto 5.2 repeats on every request, under the lock that serialises its request
# dispatch, are done once instead: the list of its backend packages (a directory listing and a stat
# per package) and the action names of a response class (inspect.getmembers over hundreds of
# methods). Neither changes while the server runs. Measured on 900 requests: 10.6 s of moto CPU
# before, 7.7 s after. A moto without these functions runs as it is (said in its log).
import functools, sys

try:
    import moto.backends as backends
    import moto.core.responses as responses
    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules
    names = responses.method_names_from_class
    responses.method_names_from_class = functools.cache(lambda clazz: frozenset(names(clazz)))
except (ImportError, AttributeError) as e:
    print('m300 launcher: moto runs without its dispatch caches: ' + repr(e), flush=True)
# policy proof

from moto.server import main
sys.exit(main(sys.argv[1:]))
