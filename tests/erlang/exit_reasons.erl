-module(exit_reasons).
-export([test/0]).
%% Exit reasons as seen by a linked, trapping process.
test() ->
    process_flag(trap_exit, true),
    Fs = [fun() -> exit(normal) end, fun() -> exit(shutdown) end, fun() -> exit({shutdown, x}) end,
          fun() -> throw(nocatch) end, fun() -> error(badarg) end, fun() -> ok end, fun() -> exit(self(), kill) end,
          fun() -> 1 = 2 end],
    [begin P = spawn_link(F), receive {'EXIT', P, R} -> strip(R) end end || F <- Fs].
strip({R, [_ | _]}) -> R;
strip(R) -> R.
