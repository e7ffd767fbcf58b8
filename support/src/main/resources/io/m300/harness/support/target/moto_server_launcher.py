# moto_server's own entry point, as the harness runs it (io.m300.harness.support.target.MotoTarget).
#
# Two lookups that moto 5.2 repeats on every request, under the lock that serialises its request
# dispatch, are done once instead: the list of its backend packages (a directory listing and a stat
# per package) and the action names of a response class (inspect.getmembers over hundreds of
# methods). Neither changes while the server runs. Measured on 900 requests: 10.6 s of moto CPU
# before, 7.7 s after. A moto without these functions runs as it is (said in its log).
#
# With M300_HANDOFF set, this is the emulator that the build starts while Maven builds the modules
# (support/src/main/sh/start-moto-early.sh): it chooses its own port, writes its pid and port to
# that file for the features suite of the same build to adopt (EarlyEmulator), loads the services
# the harness asks first (SSM: 1.2 s of imports, during which moto would answer nothing), and ends
# itself when the Maven process that started it is gone.
import functools, importlib, os, sys

handoff = os.environ.get('M300_HANDOFF')
if handoff:
    import json, socket, threading, time

    maven = os.getppid()

    def end_with_maven():
        while os.getppid() == maven:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=end_with_maven, daemon=True).start()
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    with open(handoff + '.tmp', 'w') as f:
        json.dump({'pid': os.getpid(), 'port': port, 'maven': maven}, f)
    os.replace(handoff + '.tmp', handoff)
    sys.argv[1:] = ['-H', '127.0.0.1', '-p', str(port)]

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

if handoff:
    for service in ('s3', 'ssm'):
        importlib.import_module('moto.' + service + '.urls')

from moto.server import main
sys.exit(main(sys.argv[1:]))
