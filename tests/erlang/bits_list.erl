-module(bits_list).
-export([test/0]).
%% List_to_bitstring with unaligned pieces and its errors.
test() ->
    [list_to_bitstring([<<1:1>>, 2, <<3:7>>]), list_to_bitstring([<<1:3>>, [<<2:5>>, 255], <<>>]), list_to_bitstring([]),
     list_to_bitstring([1, 2 | <<3:4>>]), catch list_to_bitstring(<<1>>), catch list_to_bitstring([256]),
     catch list_to_bitstring([1 | 2]), bit_size(list_to_bitstring([<<1:1>> || _ <- lists:seq(1, 13)])),
     bitstring_to_list(list_to_bitstring([<<5:3>>, <<7:5>>, <<1:1>>]))].
