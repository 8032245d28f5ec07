-module(group_leader_io).
-export([test/0]).
%% Group leader and io.
test() ->
    [is_pid(group_leader()), io_lib:format("~s", ["x"]), io:format("~s~n", ["to stdout"])].
