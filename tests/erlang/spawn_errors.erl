-module(spawn_errors).
-export([test/0, worker/1]).
%% Exit reasons seen through monitors: normal, exceptions, kill, noproc.
worker(normal) -> ok;
worker(throw) -> throw(ball);
worker(exit) -> exit(goodbye);
worker(undef) -> no_such_module:call();
worker(wait) -> receive stop -> ok end.
reason({nocatch, ball}) -> nocatch_ball;
reason({undef, [{no_such_module, call, [], _} | _]}) -> undef_frame;
reason(R) -> R.
watch(How) ->
    {Pid, Ref} = spawn_monitor(?MODULE, worker, [How]),
    case How of wait -> exit(Pid, kill); _ -> ok end,
    receive {'DOWN', Ref, process, Pid, R} -> reason(element(1, {R, x})) after 2000 -> timeout end.
test() ->
    Rs = [watch(H) || H <- [normal, exit, wait]],
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    R2 = receive {'DOWN', Ref, process, _, W} -> W after 2000 -> timeout end,
    R3 = receive {'DOWN', Ref, process, _, W2} -> W2 after 2000 -> timeout end,
    [Rs, R2 =:= noproc orelse R2 =:= normal, R3, is_process_alive(Dead)].
