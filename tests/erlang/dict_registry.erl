-module(dict_registry).
-export([test/0]).
reason({'EXIT', {R, _}}) -> {'EXIT', R};
reason(V) -> V.
%% The process dictionary and registered names.
test() ->
    undefined = put(k, 1),
    Old = put(k, 2),
    put(other, x),
    R1 = [Old, get(k), get(nokey), lists:sort(get_keys()), erase(k), get(k), erase(nokey)],
    true = register(my_name, self()),
    R2 = [whereis(my_name) =:= self(), whereis(nobody), lists:member(my_name, registered())],
    my_name ! via_name,
    R3 = receive via_name -> ok after 100 -> timeout end,
    unregister(my_name),
    R4 = [whereis(my_name), reason(catch register(bad, not_a_pid)), reason(catch (nobody ! msg))],
    Self = self(),
    P = spawn(fun() -> register(worker, self()), Self ! ready, receive {ping, F} -> F ! pong end end),
    receive ready -> ok end,
    worker ! {ping, self()},
    R5 = receive pong -> pong after 1000 -> timeout end,
    [R1, R2, R3, R4, R5, is_pid(P)].
