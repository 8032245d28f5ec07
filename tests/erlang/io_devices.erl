-module(io_devices).
-export([test/0]).
%% stdlib's own io module over Shale's I/O servers: standard_error goes
%% to standard error (not compared: only standard output is), a
%% process's group leader can be any I/O server (here one that captures
%% what is written), io requests to pids, and reads see no input.
capture(Acc) ->
    receive
        {io_request, From, Ref, {put_chars, Enc, M, F, A}} ->
            Chars = apply(M, F, A),
            From ! {io_reply, Ref, ok},
            capture([unicode:characters_to_list(Chars, Enc) | Acc]);
        {io_request, From, Ref, {put_chars, Enc, Chars}} ->
            From ! {io_reply, Ref, ok},
            capture([unicode:characters_to_list(Chars, Enc) | Acc]);
        {io_request, From, Ref, _} ->
            From ! {io_reply, Ref, {error, request}},
            capture(Acc);
        {dump, P} ->
            P ! {captured, lists:flatten(lists:reverse(Acc))},
            capture([])
    end.
id(X) -> X.
test() ->
    io:format(standard_error, "to stderr ~p~n", [x]),
    io:put_chars(standard_error, <<"more stderr\n">>),
    C = spawn(fun() -> capture([]) end),
    Old = group_leader(),
    group_leader(C, self()),
    io:format("captured ~w~n", [[1, 2]]),
    io:put_chars("and this"),
    io:nl(),
    io:write({t, 1}),
    R1 = io:columns(),
    group_leader(Old, self()),
    C ! {dump, self()},
    Got = receive {captured, S} -> S after 1000 -> none end,
    io:format(C, "direct ~s", ["to pid"]),
    C ! {dump, self()},
    Got2 = receive {captured, S2} -> S2 after 1000 -> none end,
    Child = spawn(fun() -> receive {P, go} -> P ! {gl, group_leader() =:= Old} end end),
    Child ! {self(), go},
    Inherit = receive {gl, B} -> B after 1000 -> none end,
    io:format("stdout again ~p~n", [ok]),
    E = (catch io:format("~p~n", id(x))),
    E2 = (catch io:format(no_such_device, "x", [])),
    [Got, R1, Got2, Inherit, io:get_line(''), io:columns(), io:getopts(),
     element(1, element(2, E)), element(1, element(2, E2)), is_pid(whereis(user)),
     is_pid(whereis(standard_error))].
