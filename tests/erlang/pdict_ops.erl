-module(pdict_ops).
-export([test/0]).
%% Process dictionary.
test() ->
    put(a, 1), put(b, 2), Old = put(a, 10),
    R = [Old, get(a), get(zz), lists:sort(get_keys()), get_keys(2), erase(b), get(b), lists:sort(get())],
    erase(),
    R ++ [get(), put(k, v), get(k)].
