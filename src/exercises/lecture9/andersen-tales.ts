/**
 * The bundled corpus of MapReduceNetwork's word count: six tales by Hans Christian Andersen
 * (1805-1875) in the English translation of Project Gutenberg eBook #27200, "Fairy Tales of Hans
 * Christian Andersen" (produced by Al Haines, https://www.gutenberg.org/ebooks/27200); the seed
 * course ships the same eBook split into one file per tale (ex9data/books/books.zip). The texts
 * are in the public domain. Project Gutenberg's header, footer and licence are not part of them
 * and are left out, as is its name, which is what lets the plain texts be copied freely. Only
 * blank lines at the start and end were trimmed. They are a module so that every build, bundle
 * and device process has them, with nothing to copy or to find on disk.
 */

/** One text of a corpus: its file name (what the client lists, the master assigns, a mapper reads) and its words. */
export interface CorpusText {
  readonly name: string;
  readonly title: string;
  readonly text: string;
}

export const ANDERSEN_TALES: readonly CorpusText[] = [
  {
    name: 'the-princess-and-the-pea.txt',
    title: 'The Princess and the Pea',
    text: `Once upon a time there was a prince who wanted to marry a
princess; but she would have to be a real princess. He travelled all
over the world to find one, but nowhere could he get what he wanted.
There were princesses enough, but it was difficult to find out whether
they were real ones. There was always something about them that was
not as it should be. So he came home again and was sad, for he would
have liked very much to have a real princess.

One evening a terrible storm came on; there was thunder and
lightning, and the rain poured down in torrents. Suddenly a knocking
was heard at the city gate, and the old king went to open it.

It was a princess standing out there in front of the gate. But,
good gracious! what a sight the rain and the wind had made her look.
The water ran down from her hair and clothes; it ran down into the
toes of her shoes and out again at the heels. And yet she said that
she was a real princess.

"Well, we'll soon find that out," thought the old queen. But she
said nothing, went into the bed-room, took all the bedding off the
bedstead, and laid a pea on the bottom; then she took twenty
mattresses and laid them on the pea, and then twenty eider-down beds
on top of the mattresses.

On this the princess had to lie all night. In the morning she
was asked how she had slept.

"Oh, very badly!" said she. "I have scarcely closed my eyes all
night. Heaven only knows what was in the bed, but I was lying on
something hard, so that I am black and blue all over my body. It's
horrible!"

Now they knew that she was a real princess because she had felt
the pea right through the twenty mattresses and the twenty
eider-down beds.

Nobody but a real princess could be as sensitive as that.

So the prince took her for his wife, for now he knew that he had a
real princess; and the pea was put in the museum, where it may still
be seen, if no one has stolen it.

There, that is a true story.
`,
  },
  {
    name: 'the-emperors-new-suit.txt',
    title: "The Emperor's New Suit",
    text: `Many, many years ago lived an emperor, who thought so much of
new clothes that he spent all his money in order to obtain them; his
only ambition was to be always well dressed. He did not care for his
soldiers, and the theatre did not amuse him; the only thing, in
fact, he thought anything of was to drive out and show a new suit of
clothes. He had a coat for every hour of the day; and as one would say
of a king "He is in his cabinet," so one could say of him, "The
emperor is in his dressing-room."

The great city where he resided was very gay; every day many
strangers from all parts of the globe arrived. One day two swindlers
came to this city; they made people believe that they were weavers,
and declared they could manufacture the finest cloth to be imagined.
Their colours and patterns, they said, were not only exceptionally
beautiful, but the clothes made of their material possessed the
wonderful quality of being invisible to any man who was unfit for
his office or unpardonably stupid.

"That must be wonderful cloth," thought the emperor. "If I were to
be dressed in a suit made of this cloth I should be able to find out
which men in my empire were unfit for their places, and I could
distinguish the clever from the stupid. I must have this cloth woven
for me without delay." And he gave a large sum of money to the
swindlers, in advance, that they should set to work without any loss
of time. They set up two looms, and pretended to be very hard at work,
but they did nothing whatever on the looms. They asked for the
finest silk and the most precious gold-cloth; all they got they did
away with, and worked at the empty looms till late at night.

"I should very much like to know how they are getting on with
the cloth," thought the emperor. But he felt rather uneasy when he
remembered that he who was not fit for his office could not see it.
Personally, he was of opinion that he had nothing to fear, yet he
thought it advisable to send somebody else first to see how matters
stood. Everybody in the town knew what a remarkable quality the
stuff possessed, and all were anxious to see how bad or stupid their
neighbours were.

"I shall send my honest old minister to the weavers," thought
the emperor. "He can judge best how the stuff looks, for he is
intelligent, and nobody understands his office better than he."

The good old minister went into the room where the swindlers sat
before the empty looms. "Heaven preserve us!" he thought, and opened
his eyes wide, "I cannot see anything at all," but he did not say
so. Both swindlers requested him to come near, and asked him if he did
not admire the exquisite pattern and the beautiful colours, pointing
to the empty looms. The poor old minister tried his very best, but
he could see nothing, for there was nothing to be seen. "Oh dear,"
he thought, "can I be so stupid? I should never have thought so, and
nobody must know it! Is it possible that I am not fit for my office?
No, no, I cannot say that I was unable to see the cloth."

"Now, have you got nothing to say?" said one of the swindlers,
while he pretended to be busily weaving.

"Oh, it is very pretty, exceedingly beautiful," replied the old
minister looking through his glasses. "What a beautiful pattern,
what brilliant colours! I shall tell the emperor that I like the cloth
very much."

"We are pleased to hear that," said the two weavers, and described
to him the colours and explained the curious pattern. The old minister
listened attentively, that he might relate to the emperor what they
said; and so he did.

Now the swindlers asked for more money, silk and gold-cloth, which
they required for weaving. They kept everything for themselves, and
not a thread came near the loom, but they continued, as hitherto, to
work at the empty looms.

Soon afterwards the emperor sent another honest courtier to the
weavers to see how they were getting on, and if the cloth was nearly
finished. Like the old minister, he looked and looked but could see
nothing, as there was nothing to be seen.

"Is it not a beautiful piece of cloth?" asked the two swindlers,
showing and explaining the magnificent pattern, which, however, did
not exist.

"I am not stupid," said the man. "It is therefore my good
appointment for which I am not fit. It is very strange, but I must not
let any one know it;" and he praised the cloth, which he did not
see, and expressed his joy at the beautiful colours and the fine
pattern. "It is very excellent," he said to the emperor.

Everybody in the whole town talked about the precious cloth. At
last the emperor wished to see it himself, while it was still on the
loom. With a number of courtiers, including the two who had already
been there, he went to the two clever swindlers, who now worked as
hard as they could, but without using any thread.

"Is it not magnificent?" said the two old statesmen who had been
there before. "Your Majesty must admire the colours and the
pattern." And then they pointed to the empty looms, for they
imagined the others could see the cloth.

"What is this?" thought the emperor, "I do not see anything at
all. That is terrible! Am I stupid? Am I unfit to be emperor? That
would indeed be the most dreadful thing that could happen to me."

"Really," he said, turning to the weavers, "your cloth has our
most gracious approval;" and nodding contentedly he looked at the
empty loom, for he did not like to say that he saw nothing. All his
attendants, who were with him, looked and looked, and although they
could not see anything more than the others, they said, like the
emperor, "It is very beautiful." And all advised him to wear the new
magnificent clothes at a great procession which was soon to take
place. "It is magnificent, beautiful, excellent," one heard them
say; everybody seemed to be delighted, and the emperor appointed the
two swindlers "Imperial Court weavers."

The whole night previous to the day on which the procession was to
take place, the swindlers pretended to work, and burned more than
sixteen candles. People should see that they were busy to finish the
emperor's new suit. They pretended to take the cloth from the loom,
and worked about in the air with big scissors, and sewed with
needles without thread, and said at last: "The emperor's new suit is
ready now."

The emperor and all his barons then came to the hall; the
swindlers held their arms up as if they held something in their
hands and said: "These are the trousers!" "This is the coat!" and
"Here is the cloak!" and so on. "They are all as light as a cobweb,
and one must feel as if one had nothing at all upon the body; but that
is just the beauty of them."

"Indeed!" said all the courtiers; but they could not see anything,
for there was nothing to be seen.

"Does it please your Majesty now to graciously undress," said
the swindlers, "that we may assist your Majesty in putting on the
new suit before the large looking-glass?"

The emperor undressed, and the swindlers pretended to put the
new suit upon him, one piece after another; and the emperor looked
at himself in the glass from every side.

"How well they look! How well they fit!" said all. "What a
beautiful pattern! What fine colours! That is a magnificent suit of
clothes!"

The master of the ceremonies announced that the bearers of the
canopy, which was to be carried in the procession, were ready.

"I am ready," said the emperor. "Does not my suit fit me
marvellously?" Then he turned once more to the looking-glass, that
people should think he admired his garments.

The chamberlains, who were to carry the train, stretched their
hands to the ground as if they lifted up a train, and pretended to
hold something in their hands; they did not like people to know that
they could not see anything.

The emperor marched in the procession under the beautiful
canopy, and all who saw him in the street and out of the windows
exclaimed: "Indeed, the emperor's new suit is incomparable! What a
long train he has! How well it fits him!" Nobody wished to let
others know he saw nothing, for then he would have been unfit for
his office or too stupid. Never emperor's clothes were more admired.

"But he has nothing on at all," said a little child at last. "Good
heavens! listen to the voice of an innocent child," said the father,
and one whispered to the other what the child had said. "But he has
nothing on at all," cried at last the whole people. That made a deep
impression upon the emperor, for it seemed to him that they were
right; but he thought to himself, "Now I must bear up to the end." And
the chamberlains walked with still greater dignity, as if they carried
the train which did not exist.
`,
  },
  {
    name: 'the-little-match-seller.txt',
    title: 'The Little Match-Seller',
    text: `It was terribly cold and nearly dark on the last evening of the
old year, and the snow was falling fast. In the cold and the darkness,
a poor little girl, with bare head and naked feet, roamed through
the streets. It is true she had on a pair of slippers when she left
home, but they were not of much use. They were very large, so large,
indeed, that they had belonged to her mother, and the poor little
creature had lost them in running across the street to avoid two
carriages that were rolling along at a terrible rate. One of the
slippers she could not find, and a boy seized upon the other and ran
away with it, saying that he could use it as a cradle, when he had
children of his own. So the little girl went on with her little
naked feet, which were quite red and blue with the cold. In an old
apron she carried a number of matches, and had a bundle of them in her
hands. No one had bought anything of her the whole day, nor had any
one given here even a penny. Shivering with cold and hunger, she crept
along; poor little child, she looked the picture of misery. The
snowflakes fell on her long, fair hair, which hung in curls on her
shoulders, but she regarded them not.

Lights were shining from every window, and there was a savory
smell of roast goose, for it was New-year's eve--yes, she remembered
that. In a corner, between two houses, one of which projected beyond
the other, she sank down and huddled herself together. She had drawn
her little feet under her, but she could not keep off the cold; and
she dared not go home, for she had sold no matches, and could not take
home even a penny of money. Her father would certainly beat her;
besides, it was almost as cold at home as here, for they had only
the roof to cover them, through which the wind howled, although the
largest holes had been stopped up with straw and rags. Her little
hands were almost frozen with the cold. Ah! perhaps a burning match
might be some good, if she could draw it from the bundle and strike it
against the wall, just to warm her fingers. She drew one
out-"scratch!" how it sputtered as it burnt! It gave a warm, bright
light, like a little candle, as she held her hand over it. It was
really a wonderful light. It seemed to the little girl that she was
sitting by a large iron stove, with polished brass feet and a brass
ornament. How the fire burned! and seemed so beautifully warm that the
child stretched out her feet as if to warm them, when, lo! the flame
of the match went out, the stove vanished, and she had only the
remains of the half-burnt match in her hand.

She rubbed another match on the wall. It burst into a flame, and
where its light fell upon the wall it became as transparent as a veil,
and she could see into the room. The table was covered with a snowy
white table-cloth, on which stood a splendid dinner service, and a
steaming roast goose, stuffed with apples and dried plums. And what
was still more wonderful, the goose jumped down from the dish and
waddled across the floor, with a knife and fork in its breast, to
the little girl. Then the match went out, and there remained nothing
but the thick, damp, cold wall before her.

She lighted another match, and then she found herself sitting
under a beautiful Christmas-tree. It was larger and more beautifully
decorated than the one which she had seen through the glass door at
the rich merchant's. Thousands of tapers were burning upon the green
branches, and colored pictures, like those she had seen in the
show-windows, looked down upon it all. The little one stretched out
her hand towards them, and the match went out.

The Christmas lights rose higher and higher, till they looked to
her like the stars in the sky. Then she saw a star fall, leaving
behind it a bright streak of fire. "Some one is dying," thought the
little girl, for her old grandmother, the only one who had ever
loved her, and who was now dead, had told her that when a star
falls, a soul was going up to God.

She again rubbed a match on the wall, and the light shone round
her; in the brightness stood her old grandmother, clear and shining,
yet mild and loving in her appearance. "Grandmother," cried the little
one, "O take me with you; I know you will go away when the match burns
out; you will vanish like the warm stove, the roast goose, and the
large, glorious Christmas-tree." And she made haste to light the whole
bundle of matches, for she wished to keep her grandmother there. And
the matches glowed with a light that was brighter than the noon-day,
and her grandmother had never appeared so large or so beautiful. She
took the little girl in her arms, and they both flew upwards in
brightness and joy far above the earth, where there was neither cold
nor hunger nor pain, for they were with God.


In the dawn of morning there lay the poor little one, with pale
cheeks and smiling mouth, leaning against the wall; she had been
frozen to death on the last evening of the year; and the New-year's
sun rose and shone upon a little corpse! The child still sat, in the
stiffness of death, holding the matches in her hand, one bundle of
which was burnt. "She tried to warm herself," said some. No one
imagined what beautiful things she had seen, nor into what glory she
had entered with her grandmother, on New-year's day.
`,
  },
  {
    name: 'the-brave-tin-soldier.txt',
    title: 'The Brave Tin Soldier',
    text: `There were once five-and-twenty tin soldiers, who were all
brothers, for they had been made out of the same old tin spoon. They
shouldered arms and looked straight before them, and wore a splendid
uniform, red and blue. The first thing in the world they ever heard
were the words, "Tin soldiers!" uttered by a little boy, who clapped
his hands with delight when the lid of the box, in which they lay, was
taken off. They were given him for a birthday present, and he stood at
the table to set them up. The soldiers were all exactly alike,
excepting one, who had only one leg; he had been left to the last, and
then there was not enough of the melted tin to finish him, so they
made him to stand firmly on one leg, and this caused him to be very
remarkable.

The table on which the tin soldiers stood, was covered with
other playthings, but the most attractive to the eye was a pretty
little paper castle. Through the small windows the rooms could be
seen. In front of the castle a number of little trees surrounded a
piece of looking-glass, which was intended to represent a
transparent lake. Swans, made of wax, swam on the lake, and were
reflected in it. All this was very pretty, but the prettiest of all
was a tiny little lady, who stood at the open door of the castle; she,
also, was made of paper, and she wore a dress of clear muslin, with
a narrow blue ribbon over her shoulders just like a scarf. In front of
these was fixed a glittering tinsel rose, as large as her whole
face. The little lady was a dancer, and she stretched out both her
arms, and raised one of her legs so high, that the tin soldier could
not see it at all, and he thought that she, like himself, had only one
leg. "That is the wife for me," he thought; "but she is too grand, and
lives in a castle, while I have only a box to live in, five-and-twenty
of us altogether, that is no place for her. Still I must try and
make her acquaintance." Then he laid himself at full length on the
table behind a snuff-box that stood upon it, so that he could peep
at the little delicate lady, who continued to stand on one leg without
losing her balance. When evening came, the other tin soldiers were all
placed in the box, and the people of the house went to bed. Then the
playthings began to have their own games together, to pay visits, to
have sham fights, and to give balls. The tin soldiers rattled in their
box; they wanted to get out and join the amusements, but they could
not open the lid. The nut-crackers played at leap-frog, and the pencil
jumped about the table. There was such a noise that the canary woke up
and began to talk, and in poetry too. Only the tin soldier and the
dancer remained in their places. She stood on tiptoe, with her legs
stretched out, as firmly as he did on his one leg. He never took his
eyes from her for even a moment. The clock struck twelve, and, with
a bounce, up sprang the lid of the snuff-box; but, instead of snuff,
there jumped up a little black goblin; for the snuff-box was a toy
puzzle.

"Tin soldier," said the goblin, "don't wish for what does not
belong to you."

But the tin soldier pretended not to hear.

"Very well; wait till to-morrow, then," said the goblin.

When the children came in the next morning, they placed the tin
soldier in the window. Now, whether it was the goblin who did it, or
the draught, is not known, but the window flew open, and out fell
the tin soldier, heels over head, from the third story, into the
street beneath. It was a terrible fall; for he came head downwards,
his helmet and his bayonet stuck in between the flagstones, and his
one leg up in the air. The servant maid and the little boy went down
stairs directly to look for him; but he was nowhere to be seen,
although once they nearly trod upon him. If he had called out, "Here I
am," it would have been all right, but he was too proud to cry out for
help while he wore a uniform.

Presently it began to rain, and the drops fell faster and
faster, till there was a heavy shower. When it was over, two boys
happened to pass by, and one of them said, "Look, there is a tin
soldier. He ought to have a boat to sail in."

So they made a boat out of a newspaper, and placed the tin soldier
in it, and sent him sailing down the gutter, while the two boys ran by
the side of it, and clapped their hands. Good gracious, what large
waves arose in that gutter! and how fast the stream rolled on! for the
rain had been very heavy. The paper boat rocked up and down, and
turned itself round sometimes so quickly that the tin soldier
trembled; yet he remained firm; his countenance did not change; he
looked straight before him, and shouldered his musket. Suddenly the
boat shot under a bridge which formed a part of a drain, and then it
was as dark as the tin soldier's box.

"Where am I going now?" thought he. "This is the black goblin's
fault, I am sure. Ah, well, if the little lady were only here with
me in the boat, I should not care for any darkness."

Suddenly there appeared a great water-rat, who lived in the drain.

"Have you a passport?" asked the rat, "give it to me at once." But
the tin soldier remained silent and held his musket tighter than ever.
The boat sailed on and the rat followed it. How he did gnash his teeth
and cry out to the bits of wood and straw, "Stop him, stop him; he has
not paid toll, and has not shown his pass." But the stream rushed on
stronger and stronger. The tin soldier could already see daylight
shining where the arch ended. Then he heard a roaring sound quite
terrible enough to frighten the bravest man. At the end of the
tunnel the drain fell into a large canal over a steep place, which
made it as dangerous for him as a waterfall would be to us. He was too
close to it to stop, so the boat rushed on, and the poor tin soldier
could only hold himself as stiffly as possible, without moving an
eyelid, to show that he was not afraid. The boat whirled round three
or four times, and then filled with water to the very edge; nothing
could save it from sinking. He now stood up to his neck in water,
while deeper and deeper sank the boat, and the paper became soft and
loose with the wet, till at last the water closed over the soldier's
head. He thought of the elegant little dancer whom he should never see
again, and the words of the song sounded in his ears--

  "Farewell, warrior! ever brave,
  Drifting onward to thy grave."


Then the paper boat fell to pieces, and the soldier sank into
the water and immediately afterwards was swallowed up by a great fish.
Oh how dark it was inside the fish! A great deal darker than in the
tunnel, and narrower too, but the tin soldier continued firm, and
lay at full length shouldering his musket. The fish swam to and fro,
making the most wonderful movements, but at last he became quite
still. After a while, a flash of lightning seemed to pass through him,
and then the daylight approached, and a voice cried out, "I declare
here is the tin soldier." The fish had been caught, taken to the
market and sold to the cook, who took him into the kitchen and cut him
open with a large knife. She picked up the soldier and held him by the
waist between her finger and thumb, and carried him into the room.
They were all anxious to see this wonderful soldier who had
travelled about inside a fish; but he was not at all proud. They
placed him on the table, and--how many curious things do happen in the
world!--there he was in the very same room from the window of which he
had fallen, there were the same children, the same playthings,
standing on the table, and the pretty castle with the elegant little
dancer at the door; she still balanced herself on one leg, and held up
the other, so she was as firm as himself. It touched the tin soldier
so much to see her that he almost wept tin tears, but he kept them
back. He only looked at her and they both remained silent. Presently
one of the little boys took up the tin soldier, and threw him into the
stove. He had no reason for doing so, therefore it must have been
the fault of the black goblin who lived in the snuff-box. The flames
lighted up the tin soldier, as he stood, the heat was very terrible,
but whether it proceeded from the real fire or from the fire of love
he could not tell. Then he could see that the bright colors were faded
from his uniform, but whether they had been washed off during his
journey or from the effects of his sorrow, no one could say. He looked
at the little lady, and she looked at him. He felt himself melting
away, but he still remained firm with his gun on his shoulder.
Suddenly the door of the room flew open and the draught of air
caught up the little dancer, she fluttered like a sylph right into the
stove by the side of the tin soldier, and was instantly in flames
and was gone. The tin soldier melted down into a lump, and the next
morning, when the maid servant took the ashes out of the stove, she
found him in the shape of a little tin heart. But of the little dancer
nothing remained but the tinsel rose, which was burnt black as a
cinder.
`,
  },
  {
    name: 'the-swineherd.txt',
    title: 'The Swineherd',
    text: `Once upon a time lived a poor prince; his kingdom was very
small, but it was large enough to enable him to marry, and marry he
would. It was rather bold of him that he went and asked the
emperor's daughter: "Will you marry me?" but he ventured to do so, for
his name was known far and wide, and there were hundreds of princesses
who would have gladly accepted him, but would she do so? Now we
shall see.

On the grave of the prince's father grew a rose-tree, the most
beautiful of its kind. It bloomed only once in five years, and then it
had only one single rose upon it, but what a rose! It had such a sweet
scent that one instantly forgot all sorrow and grief when one smelt
it. He had also a nightingale, which could sing as if every sweet
melody was in its throat. This rose and the nightingale he wished to
give to the princess; and therefore both were put into big silver
cases and sent to her.

The emperor ordered them to be carried into the great hall where
the princess was just playing "Visitors are coming" with her
ladies-in-waiting; when she saw the large cases with the presents
therein, she clapped her hands for joy.

"I wish it were a little pussy cat," she said. But then the
rose-tree with the beautiful rose was unpacked.

"Oh, how nicely it is made," exclaimed the ladies.

"It is more than nice," said the emperor, "it is charming."

The princess touched it and nearly began to cry.

"For shame, pa," she said, "it is not artificial, it is natural!"

"For shame, it is natural," repeated all her ladies.

"Let us first see what the other case contains before we are
angry," said the emperor; then the nightingale was taken out, and it
sang so beautifully that no one could possibly say anything unkind
about it.

"Superbe, charmant," said the ladies of the court, for they all
prattled French, one worse than the other.

"How much the bird reminds me of the musical box of the late
lamented empress," said an old courtier, "it has exactly the same
tone, the same execution."

"You are right," said the emperor, and began to cry like a
little child.

"I hope it is not natural," said the princess.

"Yes, certainly it is natural," replied those who had brought
the presents.

"Then let it fly," said the princess, and refused to see the
prince.

But the prince was not discouraged. He painted his face, put on
common clothes, pulled his cap over his forehead, and came back.

"Good day, emperor," he said, "could you not give me some
employment at the court?"

"There are so many," replied the emperor, "who apply for places,
that for the present I have no vacancy, but I will remember you. But
wait a moment; it just comes into my mind, I require somebody to
look after my pigs, for I have a great many."

Thus the prince was appointed imperial swineherd, and as such he
lived in a wretchedly small room near the pigsty; there he worked
all day long, and when it was night he had made a pretty little pot.
There were little bells round the rim, and when the water began to
boil in it, the bells began to play the old tune:

  "A jolly old sow once lived in a sty,
  Three little piggies had she," &c.

But what was more wonderful was that, when one put a finger into the
steam rising from the pot, one could at once smell what meals they
were preparing on every fire in the whole town. That was indeed much
more remarkable than the rose. When the princess with her ladies
passed by and heard the tune, she stopped and looked quite pleased,
for she also could play it--in fact, it was the only tune she could
play, and she played it with one finger.

"That is the tune I know," she exclaimed. "He must be a
well-educated swineherd. Go and ask him how much the instrument is."

One of the ladies had to go and ask; but she put on pattens.

"What will you take for your pot?" asked the lady.

"I will have ten kisses from the princess," said the swineherd.

"God forbid," said the lady.

"Well, I cannot sell it for less," replied the swineherd.

"What did he say?" said the princess.

"I really cannot tell you," replied the lady.

"You can whisper it into my ear."

"It is very naughty," said the princess, and walked off.

But when she had gone a little distance, the bells rang again so
sweetly:

  "A jolly old sow once lived in a sty,
  Three little piggies had she," &c.


"Ask him," said the princess, "if he will be satisfied with ten
kisses from one of my ladies."

"No, thank you," said the swineherd: "ten kisses from the
princess, or I keep my pot."

"That is tiresome," said the princess. "But you must stand
before me, so that nobody can see it."

The ladies placed themselves in front of her and spread out
their dresses, and she gave the swineherd ten kisses and received
the pot.

That was a pleasure! Day and night the water in the pot was
boiling; there was not a single fire in the whole town of which they
did not know what was preparing on it, the chamberlain's as well as
the shoemaker's. The ladies danced and clapped their hands for joy.

"We know who will eat soup and pancakes; we know who will eat
porridge and cutlets; oh, how interesting!"

"Very interesting, indeed," said the mistress of the household.
"But you must not betray me, for I am the emperor's daughter."

"Of course not," they all said.

The swineherd--that is to say, the prince--but they did not know
otherwise than that he was a real swineherd--did not waste a single
day without doing something; he made a rattle, which, when turned
quickly round, played all the waltzes, galops, and polkas known
since the creation of the world.

"But that is superbe," said the princess passing by. "I have never
heard a more beautiful composition. Go down and ask him what the
instrument costs; but I shall not kiss him again."

"He will have a hundred kisses from the princess," said the
lady, who had gone down to ask him.

"I believe he is mad," said the princess, and walked off, but soon
she stopped. "One must encourage art," she said. "I am the emperor's
daughter! Tell him I will give him ten kisses, as I did the other day;
the remainder one of my ladies can give him.

"But we do not like to kiss him," said the ladies.

"That is nonsense," said the princess; "if I can kiss him, you can
also do it. Remember that I give you food and employment." And the
lady had to go down once more.

"A hundred kisses from the princess," said the swineherd, "or
everybody keeps his own."

"Place yourselves before me," said the princess then. They did
as they were bidden, and the princess kissed him.

"I wonder what that crowd near the pigsty means!" said the
emperor, who had just come out on his balcony. He rubbed his eyes
and put his spectacles on.

"The ladies of the court are up to some mischief, I think. I shall
have to go down and see." He pulled up his shoes, for they were down
at the heels, and he was very quick about it. When he had come down
into the courtyard he walked quite softly, and the ladies were so
busily engaged in counting the kisses, that all should be fair, that
they did not notice the emperor. He raised himself on tiptoe.

"What does this mean?" he said, when he saw that his daughter
was kissing the swineherd, and then hit their heads with his shoe just
as the swineherd received the sixty-eighth kiss.

"Go out of my sight," said the emperor, for he was very angry; and
both the princess and the swineherd were banished from the empire.
There she stood and cried, the swineherd scolded her, and the rain
came down in torrents.

"Alas, unfortunate creature that I am!" said the princess, "I wish
I had accepted the prince. Oh, how wretched I am!"

The swineherd went behind a tree, wiped his face, threw off his
poor attire and stepped forth in his princely garments; he looked so
beautiful that the princess could not help bowing to him.

"I have now learnt to despise you," he said. "You refused an
honest prince; you did not appreciate the rose and the nightingale;
but you did not mind kissing a swineherd for his toys; you have no one
but yourself to blame!"

And then he returned into his kingdom and left her behind. She
could now sing at her leisure:

  "A jolly old sow once lived in a sty,
  Three little piggies has she," &c.
`,
  },
  {
    name: 'the-darning-needle.txt',
    title: 'The Darning-Needle',
    text: `There was once a darning-needle who thought herself so fine that
she fancied she must be fit for embroidery. "Hold me tight," she would
say to the fingers, when they took her up, "don't let me fall; if
you do I shall never be found again, I am so very fine."

"That is your opinion, is it?" said the fingers, as they seized
her round the body.

"See, I am coming with a train," said the darning-needle,
drawing a long thread after her; but there was no knot in the thread.

The fingers then placed the point of the needle against the cook's
slipper. There was a crack in the upper leather, which had to be
sewn together.

"What coarse work!" said the darning-needle, "I shall never get
through. I shall break!--I am breaking!" and sure enough she broke.
"Did I not say so?" said the darning-needle, "I know I am too fine for
such work as that."

"This needle is quite useless for sewing now," said the fingers;
but they still held it fast, and the cook dropped some sealing-wax
on the needle, and fastened her handkerchief with it in front.

"So now I am a breast-pin," said the darning-needle; "I knew
very well I should come to honor some day: merit is sure to rise;" and
she laughed, quietly to herself, for of course no one ever saw a
darning-needle laugh. And there she sat as proudly as if she were in a
state coach, and looked all around her. "May I be allowed to ask if
you are made of gold?" she inquired of her neighbor, a pin; "you
have a very pretty appearance, and a curious head, although you are
rather small. You must take pains to grow, for it is not every one who
has sealing-wax dropped upon him;" and as she spoke, the
darning-needle drew herself up so proudly that she fell out of the
handkerchief right into the sink, which the cook was cleaning. "Now
I am going on a journey," said the needle, as she floated away with
the dirty water, "I do hope I shall not be lost." But she really was
lost in a gutter. "I am too fine for this world," said the
darning-needle, as she lay in the gutter; "but I know who I am, and
that is always some comfort." So the darning-needle kept up her
proud behavior, and did not lose her good humor. Then there floated
over her all sorts of things,--chips and straws, and pieces of old
newspaper. "See how they sail," said the darning-needle; "they do
not know what is under them. I am here, and here I shall stick. See,
there goes a chip, thinking of nothing in the world but himself--only
a chip. There's a straw going by now; how he turns and twists
about! Don't be thinking too much of yourself, or you may chance to
run against a stone. There swims a piece of newspaper; what is written
upon it has been forgotten long ago, and yet it gives itself airs. I
sit here patiently and quietly. I know who I am, so I shall not move."

One day something lying close to the darning-needle glittered so
splendidly that she thought it was a diamond; yet it was only a
piece of broken bottle. The darning-needle spoke to it, because it
sparkled, and represented herself as a breast-pin. "I suppose you
are really a diamond?" she said.

"Why yes, something of the kind," he replied; and so each believed
the other to be very valuable, and then they began to talk about the
world, and the conceited people in it.

"I have been in a lady's work-box," said the darning-needle,
"and this lady was the cook. She had on each hand five fingers, and
anything so conceited as these five fingers I have never seen; and yet
they were only employed to take me out of the box and to put me back
again."

"Were they not high-born?"

"High-born!" said the darning-needle, "no indeed, but so
haughty. They were five brothers, all born fingers; they kept very
proudly together, though they were of different lengths. The one who
stood first in the rank was named the thumb, he was short and thick,
and had only one joint in his back, and could therefore make but one
bow; but he said that if he were cut off from a man's hand, that man
would be unfit for a soldier. Sweet-tooth, his neighbor, dipped
himself into sweet or sour, pointed to the sun and moon, and formed
the letters when the fingers wrote. Longman, the middle finger, looked
over the heads of all the others. Gold-band, the next finger, wore a
golden circle round his waist. And little Playman did nothing at
all, and seemed proud of it. They were boasters, and boasters they
will remain; and therefore I left them."

"And now we sit here and glitter," said the piece of broken
bottle.

At the same moment more water streamed into the gutter, so that it
overflowed, and the piece of bottle was carried away.

"So he is promoted," said the darning-needle, "while I remain
here; I am too fine, but that is my pride, and what do I care?" And so
she sat there in her pride, and had many such thoughts as these,--"I
could almost fancy that I came from a sunbeam, I am so fine. It
seems as if the sunbeams were always looking for me under the water.
Ah! I am so fine that even my mother cannot find me. Had I still my
old eye, which was broken off, I believe I should weep; but no, I
would not do that, it is not genteel to cry."

One day a couple of street boys were paddling in the gutter, for
they sometimes found old nails, farthings, and other treasures. It was
dirty work, but they took great pleasure in it. "Hallo!" cried one, as
he pricked himself with the darning-needle, "here's a fellow for you."

"I am not a fellow, I am a young lady," said the darning-needle;
but no one heard her.

The sealing-wax had come off, and she was quite black; but black
makes a person look slender, so she thought herself even finer than
before.

"Here comes an egg-shell sailing along," said one of the boys;
so they stuck the darning-needle into the egg-shell.

"White walls, and I am black myself," said the darning-needle,
"that looks well; now I can be seen, but I hope I shall not be
sea-sick, or I shall break again." She was not sea-sick, and she did
not break. "It is a good thing against sea-sickness to have a steel
stomach, and not to forget one's own importance. Now my sea-sickness
has past: delicate people can bear a great deal."

Crack went the egg-shell, as a waggon passed over it. "Good
heavens, how it crushes!" said the darning-needle. "I shall be sick
now. I am breaking!" but she did not break, though the waggon went
over her as she lay at full length; and there let her lie.
`,
  },
];
