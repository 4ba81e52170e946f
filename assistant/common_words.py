"""The most frequent English words, most frequent first: words too common to name as a topic.

The list is the first 8,000 whole, alphabetic words of the uncased WordPiece vocabulary of BERT
(the ``vocab.txt`` shipped with all-MiniLM-L6-v2), from the word "the" on. That vocabulary lists
its words in the order of their frequency in the corpus it was built from (English Wikipedia and
BooksCorpus), so its first few thousand words are everyday English ("just", "picture", "turn").
The coverage judge does not name such a word as what the cards lack (:mod:`assistant.coverage`).
The list is a copy, not read from the model, so that it holds whatever embedding model is set.
"""

from __future__ import annotations

from functools import cache

_WORDS = """
the of and in to was he is as for on with that it his by at from her she you had an were but be
this are not my they one which or have him me first all also their has up who out been when
after there into new two its time would no what about said we over then other so more can if
like back them only some could where just during before do made school through than now years
most world may between down well three year while will later city under around did such being
used state people part know against your many second university both national these don known
off way until re how even get head didn team american because de born united film since still
long work south us became any high again day family see right man eyes house season war states
including took life north same each called name much place however go four group another found
won area here going away series left home music best make hand number company several never last
john very album take end good too following released game played little began district old want
those side held own early county ll league use west face think government march came small
general town june line based something september thought looked along international air july
club went january october our august april york few east show member college father public come
men five set station church next former november room party located december age got system let
love though every look song water century without body black night within great women single ve
building large population river named band white started once should service top built british
open death king moved local times children february book why door need president order final
road wasn although due major died village third knew asked turned st wanted say together
received main son served different behind himself felt members power football law voice play
near park history having saw mother army point front help english street art late hands games
award young put published country division across told often ever french london center six red
led days include light find tell among species really according central half form original gave
office making enough lost full opened must included live given german player run business woman
community cup might million land court development short round ii km seen class story always
become sure research almost director council la career things using island couldn car close
force better free support control field students education married nothing worked others record
big inside level anything continued give james military established non returned feel does title
written thing feet william far co association hard already championship human western department
hall role various production heart living fire version television royal produced working act
case society region present radio period looking least total keep england wife program per
brother mind special am works soon political george services taken created further able reached
david union joined upon done important social information either appeared position ground lead
rock dark election board france hair course arms site police girl instead real sound words
moment someone summer project announced san less wrote past followed blue founded al finally
india taking records america design considered northern god stop battle toward european outside
described track today playing language call heard professional low australia miles california
win yet green trying blood southern science maybe everything match square mouth video race
recorded leave above daughter points space museum change middle common move tv post lake seven
tried elected closed ten paul minister months start chief return canada person sea release
similar modern brought rest hit formed mr floor event doing thomas robert care killed training
star week needed turn finished railway rather news health sent example ran term michael coming
currently yes forces despite gold areas stage fact dead says popular originally germany probably
developed result pulled friend stood money running mi signed word songs child eventually met
tour average teams minutes festival current deep kind decided usually eastern seemed episode bed
added table indian private charles route available idea throughout centre addition appointed
style books eight construction press mean wall friends remained schools study institute oh
chinese sometimes events possible australian type brown forward talk process food debut seat
performance committee features character arts herself else lot strong russian range hours peter
arm morning dr sold quickly directed guitar china list performed media uk players smile myself
placed coach province towards wouldn leading whole boy official designed grand census europe
attack japanese henry cross getting alone action lower network wide washington japan hospital
believe changed sister hold gone sir hadn ship studies academy shot rights below base bad
involved kept largest bank future especially beginning mark movement section female magazine
plan professor lord longer sat walked hill actually civil energy model families size thus
aircraft completed includes data captain fight vocals featured richard bridge fourth officer
stone hear means medical groups management self lips competition entire lived technology leaving
federal tournament bit passed hot independent awards kingdom mary spent fine doesn reported jack
fall raised itself stay true studio sports replaced paris systems saint leader theatre whose
market capital parents spanish canadian earth cut degree writing bay christian awarded natural
higher bill coast provided previous senior ft valley organization stopped onto countries parts
conference queen security interest saying allowed master earlier phone matter smith winning try
happened moving campaign los breath nearly mid certain girls date italian african standing fell
artist shows deal mine industry everyone republic provide collection library student primary
owned older via heavy makes attention anyone africa stated length ended fingers command staff
skin foreign opening governor okay medal kill sun cover job introduced chest hell feeling
success meet reason standard meeting novel trade source buildings rose guy goal chapter native
husband previously unit limited entered weeks producer operations mountain takes covered forced
related roman complete successful key texas cold channel traditional films dance clear
approximately nine van prince question active tracks ireland regional silver author personal
sense operation economic holding twenty isbn additional speed hour edition regular historic
places whom shook movie secretary prior report chicago read foundation view engine scored units
ask airport property ready immediately lady month listed contract manager themselves lines navy
writer meant runs practice championships singer glass commission required forest starting
culture generally giving access attended test couple stand catholic martin caught executive eye
thinking chair quite shoulder hope decision plays defeated municipality whether structure
offered slowly pain ice direction paper mission mostly noted individual managed nature lives
plant helped except studied computer figure relationship issue significant loss die smiled gun
ago highest male bring goals mexico problem distance commercial completely location annual
famous drive neck surface caused italy understand greek highway wrong hotel comes appearance
joseph double issues musical companies castle income review assembly bass initially parliament
artists experience particular walk foot engineering talking window dropped miss baby boys break
stars edge remember policy carried train stadium bar sex angeles evidence becoming assistant
soviet upper step wing youth financial reach actor numerous nodded arrived minute believed sorry
complex beautiful victory associated temple chance perhaps metal bishop lee launched
particularly tree le retired subject prize contains yeah theory empire suddenly waiting trust
recording happy terms camp champion religious pass zealand names port ancient tom corner
represented watch legal anti justice cause watched brothers material changes simply response
louis fast answer historical stories straight create feature increased rate administration
virginia el activities cultural overall winner programs basketball legs guard beyond cast doctor
mm flight results remains cost effect winter larger islands problems chairman grew commander isn
pay failed selected hurt fort box regiment majority journal edward plans shown pretty irish
characters directly scene likely operated allow spring junior matches looks mike houses fellow
beach marriage rules oil florida expected nearby congress sam peace recent iii wait subsequently
cell variety serving agreed please poor joe pacific attempt wood democratic piece prime rural
mile touch appears township soldiers pennsylvania closer fighting claimed score jones physical
editor filled genus specific sitting super mom therefore supported status fear cases store
meaning wales minor spain tower focus vice frank follow parish separate golden horse fifth
remaining branch presented stared uses secret forms baseball exactly choice note discovered
travel composed truth russia ball color kiss dad wind continue ring referred numbers digital
greater metres slightly direct increase responsible crew rule trees troops broke goes
individuals hundred weight creek sleep memory defense provides ordered code value jewish windows
safe judge whatever corps realized growing pre cities alexander gaze lies spread scott letter
showed situation mayor transport watching workers extended expression normal chart multiple
border host daily mrs walls piano heat cannot earned products drama era authority seasons join
grade sign difficult machine territory mainly stations squadron stepped iron serve appear sky
speak broken charge knowledge kilometres removed ships article campus simple pushed britain
leaves recently cd soft boston latter easy acquired poland quality officers presence planned
nations mass broadcast jean share image influence wild offer emperor electric reading headed
ability promoted yellow ministry throat smaller politician latin spoke cars williams males lack
pop acting seeing consists estate pressure johnson newspaper jr chris olympics online conditions
beat elements walking vote needs carolina text featuring global block shirt levels francisco
purpose females et dutch duke ahead gas twice safety serious turning highly lieutenant firm
maria amount mixed daniel proposed perfect agreement affairs seconds contemporary paid prison
save kitchen label administrative intended constructed academic nice teacher races formerly
corporation ben nation issued shut drums housing victoria seems opera graduated function von
mentioned picked build recognized shortly protection picture notable exchange elections loved
percent racing fish elizabeth garden volume hockey beside settled competed replied drew actress
marine scotland steel glanced farm steve risk tonight positive magic singles effects gray screen
dog residents bus sides none secondary literature polish destroyed flying founder households lay
reserve usa gallery industrial younger approach appearances urban ones finish avenue powerful
fully growth page honor jersey projects advanced revealed basic infantry pair equipment visit
evening search grant effort solo treatment buried republican primarily bottom owner israel gives
jim dream bob remain spot notes produce champions contact ed soul accepted ways del losing split
price capacity basis trial questions guess officially memorial naval initial whispered median
engineer sydney columbia strength tears senate card asian agent software draw warm supposed com
pro transferred leaned candidate escape mountains asia potential activity entertainment seem
traffic jackson murder slow product orchestra haven agency bbc taught website comedy unable
storm planning albums rugby environment scientific grabbed protect boat typically damage
principal divided dedicated mount ohio pick fought driver empty shoulders sort thank berlin
prominent account freedom necessary efforts alex headquarters follows alongside des simon andrew
suggested operating learning steps sweet technical begin easily teeth speaking settlement scale
renamed ray max enemy semi joint compared scottish leadership analysis offers georgia pieces
captured animal deputy guest organized tony combined method challenge huge wants battalion sons
rise crime types facilities telling path platform sit tells assigned rich pull commonly alive
letters concept conducted wearing happen bought becomes holy gets ocean defeat languages
purchased coffee occurred titled declared applied sciences concert sounds jazz brain painting
fleet tax nick michigan count animals leaders episodes content birth clubs palace critical
refused fair leg laughed returning surrounding participated formation lifted pointed connected
rome medicine laid taylor santa powers adam tall shared focused knowing yards entrance falls
calling sources chosen beneath resources yard nominated silence zone defined gained thirty
bodies moon adopted christmas widely register apart iran premier serves du unknown parties
generation continues quick fields brigade quiet teaching clothes impact weapons partner flat
theater supreme relations plants suffered wilson kids begins seats armed internet models worth
laws communities classes background knows thanks quarter reaching humans carry killing format
kong hong setting architecture disease railroad inc possibly wish arthur thoughts harry doors
density crowd illinois stomach tone unique reports anyway liberal der vehicle thick dry drug
faced largely facility theme holds creation strange colonel revolution bell politics turns
silent rail relief independence combat shape write determined sales learned finger oxford
providing heritage fiction situated designated allowing distribution hosted sight interview
estimated reduced toronto footballer keeping guys damn claim motion sport sixth stayed en rear
receive handed twelve dress audience granted brazil spirit noticed etc olympic representative
eric tight trouble reviews drink vampire missing roles ranked newly household finals wave
critics phase massachusetts pilot unlike philadelphia bright guns crown organizations roof
respectively clearly tongue marked circle fox korea bronze brian expanded sexual supply yourself
inspired labour fc reference vision draft connection brand reasons classic driving trip jesus
cells entry neither trail claims atlantic orders labor nose afraid identified intelligence calls
cancer attacked passing stephen positions imperial grey jason sunday swedish avoid extra uncle
message covers allows surprise materials fame hunter citizens figures davis environmental
confirmed shit titles di performing difference acts attacks existing votes opportunity nor shop
entirely trains opposite pakistan develop resulted representatives actions reality pressed
barely wine conversation faculty northwest ends documentary nuclear stock grace sets eat
alternative bag resulting creating surprised cemetery drop finding sarah cricket streets
tradition ride exhibition target ear explained rain composer injury apartment municipal
educational occupied netherlands clean billion constitution learn maximum classical francis lose
opposition jose ontario bear core hills rolled ending drawn permanent fun lewis sites chamber
ryan scoring height lyrics staring officials snow oldest orange qualified interior apparently
succeeded thousand dinner lights existence fans heavily greatest conservative send bowl plus
enter catch economy duty speech authorities princess performances versions shall graduate
pictures effective remembered poetry desk crossed starring starts passenger sharp acres ass
weather falling rank fund supporting check adult publishing heads cm southeast lane application
bc les condition transfer prevent display ex regions earl federation cool relatively answered
besides obtained portion mix reaction liked dean express peak counter religion chain rare miller
convention aid lie vehicles mobile perform squad wonder lying crazy sword attempted centuries
weren philosophy category anna interested sweden wolf frequently abandoned kg literary alliance
task entitled threw promotion factory tiny soccer visited matt fm achieved defence internal
persian methods arrested otherwise cambridge programming villages elementary districts rooms
criminal conflict worry trained attempts waited signal bird truck subsequent programme ad
communist details faith sector patrick carrying laugh controlled korean showing origin fuel evil
brief identity darkness address pool missed publication web planet ian anne wings invited
briefly standards kissed ideas climate causing walter worse albert articles winners desire aged
northeast dangerous gate doubt wooden multi poet rising funding communications communication
violence copies prepared ford investigation skills pulling electronic containing ultimately
offices singing understanding restaurant tomorrow fashion christ ward da pope stands flow
studios aired commissioned contained exist fresh americans wrestling approved kid employed
respect suit angel asking increasing frame angry selling thin finds temperature statement ali
explain inhabitants towns extensive narrow jane flowers images promise somewhere object fly
closely bureau cape weekly presidential legislative launch founding artillery strike un
institutions roll writers landing chose kevin anymore pp attorney fit dan billboard receiving
agricultural breaking sought dave admitted lands mexican charlie specifically hole iv howard
credit moscow roads accident proved wear struck hey guards stuff slid expansion cat anthony
melbourne opposed sub southwest architect failure plane map camera tank listen regarding wet
introduction metropolitan link ep fighter inch grown gene anger fixed buy dvd khan domestic
worldwide chapel mill functions examples developing turkey hits pocket antonio papers grow
unless circuit concerned attached journalist selection journey converted provincial painted
hearing aren bands negative aside wondered knight lap survey ma noise billy shooting guide
bedroom priest resistance motor homes sounded giant scenes equal comic patients hidden solid
actual bringing afternoon touched funds wedding consisted marie canal sr kim treaty turkish
recognition residence cathedral broad knees incident shaped fired norwegian handle cheek contest
represent representing beauty birds advantage emergency wrapped drawing notice pink broadcasting
somehow bachelor seventh collected registered establishment alan assumed chemical personnel
roger retirement jeff portuguese wore tied device threat progress advance banks hired manchester
nfl teachers structures forever tennis helping saturday sale applications junction hip
incorporated neighborhood dressed ceremony influenced hers visual stairs decades inner kansas
hung hoped gain scheduled downtown engaged austria clock norway certainly pale protected victor
employees plate putting surrounded finishing blues tropical minnesota consider philippines
accept retrieved concern anderson properties institution gordon successfully vietnam backing
outstanding muslim crossing folk producing usual demand occurs observed lawyer educated kelly
string pleasure budget items quietly colorado philip typical derived survived asks mental jake
jews distinguished ltd sri extremely athletic loud thousands worried shadow transportation
horses weapon arena importance users tim objects contributed dragon douglas aware senator johnny
jordan sisters engines flag investment samuel shock capable clark row wheel refers session
familiar biggest wins hate maintained drove hamilton request expressed injured underground
churches walker wars tunnel passes stupid agriculture softly cabinet regarded joining indiana
push dates spend behavior woods protein gently chase morgan mention burning wake combination
occur mirror leads jimmy indeed impossible singapore paintings covering soldier locations
attendance sell historian wisconsin invasion argued painter diego changing egypt experienced
inches missouri vol grounds spoken switzerland reform rolling ha forget massive resigned burned
allen tennessee locked values improved wounded universe sick dating facing pack purchase user
moments merged anniversary coal brick understood causes dynasty queensland establish stores
crisis promote hoping views cards referee extension raise arizona improve colonial formal
charged palm lucky hide rescue faces feelings candidates juan goods courses weekend luke cash
fallen delivered affected installed carefully tries swiss hollywood costs lincoln responsibility
shore file proper normally maryland assistance jump constant offering friendly waters persons
realize contain trophy partnership factor musicians cry bound oregon indicated hero houston
medium consisting somewhat cycle beer moore frederick gotten eleven worst weak approached
arranged chin loan universal bond fifteen pattern disappeared translated lip arab capture
interests insurance shifted cave prix warning sections courts coat plot smell feed golf favorite
maintain knife vs voted degrees finance quebec opinion translation manner ruled operate
productions choose musician discovery confused tired separated stream techniques committed
attend ranking kings throw passengers measure horror fan mining sand danger salt calm decade dam
require runner rush associate greece rivers consecutive matthew sighed sq documents steam edited
closing tie accused islamic distributed directors organisation bruce breathing mad lit arrival
concrete taste composition shaking faster amateur adjacent stating twin flew tokyo publications
obviously ridge storage carl pages concluded desert driven universities ages terminal sequence
borough constituency creative cousin economics dreams margaret notably reduce montreal mode ears
saved jan vocal andy riding roughly threatened meters meanwhile landed compete repeated grass
czech regularly charges tea sudden appeal solution describes pierre classification glad parking
belt physics rachel add hungarian participate expedition damaged gift childhood fifty
mathematics jumped letting defensive mph testing hundreds shoot owners matters smoke israeli
kentucky dancing mounted grandfather emma designs profit argentina truly li lawrence cole begun
detroit willing branches smiling decide miami enjoyed recordings poverty ethnic gay gary arabic
accompanied fishing determine residential acid alice returns starred mail jonathan strategy net
forty cook businesses equivalent commonwealth distinct ill seriously shift harris replace rio
imagine formula ensure additionally scheme conservation occasionally purposes feels favor
contrast hanging hunt movies instruments victims danish christopher busy demon sugar earliest
colony studying balance duties belgium slipped carter visible stages iraq fifa commune forming
zero continuing talked counties legend bathroom option tail clay daughters afterwards severe jaw
visitors devices aviation russell kate entering subjects temporary swimming forth smooth ghost
audio bush operates rocks movements signs eddie ann voices honorary memories dallas pure
measures racial promised harvard ceo parliamentary indicate benefit flesh dublin louisiana
patient sleeping membership coastal medieval wanting element scholars rice limit survive makeup
rating definitely collaboration obvious boss ms baron birthday linked soil diocese ncaa
offensive shell shouldn waist plain ross organ resolution manufacturing adding relative kennedy
whilst moth marketing gardens crash heading partners credited carlos moves cable marshall
depending bottle represents rejected responded existed jobs denmark lock treated graham routes
talent commissioner drugs secure tests reign restored photography contributions oklahoma
designer disc grin seattle robin paused atlanta unusual praised las laughing satellite hungary
visiting interesting factors deck poems norman stuck speaker rifle domain premiered dc comics
actors reputation eliminated ceiling prisoners script leather austin mississippi rapidly admiral
parallel charlotte guilty tools gender divisions fruit laboratory nelson fantasy marry rapid
aunt tribe requirements aspects suicide amongst adams bone ukraine abc kick sees edinburgh
clothing column rough gods hunting broadway gathered concerns spending ty snapped requires solar
bones cavalry iowa drinking waste index franklin charity thompson stewart tip flash landscape
friday enjoy singh poem listening eighth fred differences adapted bomb ukrainian surgery
corporate masters anywhere waves odd sean portugal orleans dick debate kent eating puerto
cleared expect cinema guitarist blocks electrical agree involving depth dying panel struggle
peninsula adults novels emerged vienna metro debuted shoes tamil songwriter meets prove beating
instance heaven scared sending marks artistic passage superior significantly shopping retained
malaysia technique cheeks warren maintenance destroy extreme allied appearing fill advice
alabama qualifying policies cleveland hat battery smart authors soundtrack acted dated lb glance
equipped coalition funny outer ambassador roy possibility couples campbell dna loose ethan
supplies gonna monster shake agents frequency springs dogs practices gang plastic easier
suggests gulf blade exposed colors industries markets pan nervous electoral charts legislation
ownership mac appointment shield copy assault socialist abbey monument license throne employment
jay replacement charter cloud powered suffering accounts oak connecticut strongly wright colour
crystal context welsh networks voiced gabriel jerry forehead mp manage schedule totally remix
forests occupation print nicholas brazilian strategic vampires engineers roots seek correct
instrumental und alfred backed hop stanley robinson traveled wayne welcome austrian achieve exit
rates strip whereas sing deeply adventure bobby rick jamie careful components cap useful
personality knee pushing hosts protest ca ottoman symphony boundary processes considering
considerable tons cooper trading dear conduct illegal apple revolutionary holiday definition
harder jacob circumstances destruction popularity grip classified liverpool donald baltimore
flows seeking honour approval mechanical till happening statue critic increasingly immediate
describe commerce stare indonesia meat rounds boats baker orthodox depression formally worn
naked claire muttered sentence emily document criticism wished vessel spiritual bent virgin
parker minimum murray lunch danny printed compilation keyboards false blow belonged raising
cutting pittsburgh shadows hated indigenous jon barry scholar ah oliver stick susan meetings
attracted spell romantic ye photo demanded customers logan revival keys modified commanded jeans
upset raw phil detective hiding resident vincent experiences diamond defeating coverage lucas
external parks franchise helen bible successor percussion celebrated il lift profile clan
romania mills nobody achievement shrugged fault rhythm initiative breakfast carbon lasted
violent wound ken killer gradually filmed dollars processing remove criticized guests sang
chemistry legislature disney uniform escaped integrated proposal purple denied liquid karl
influential morris nights stones intense experimental twisted pace nazi mitchell ny blind
reporter newspapers centers burn basin forgotten surviving filed collections monastery losses
manual couch description appropriate merely tag missions sebastian restoration replacing triple
elder julia warriors benjamin julian convinced stronger amazing declined versus merchant happens
output finland bare barbara absence ignored dawn injuries producers luis kw admit expensive
electricity nba exception symbol ladies shower sheriff characteristics aimed button ratio
effectively summit angle jury bears foster vessels pants executed evans dozen advertising kicked
patrol competitions lifetime principles athletics birmingham sponsored rob nomination acoustic
creature longest credits harbor dust josh territories milk infrastructure completion thailand
indians leon archbishop assist pitch blake arrangement girlfriend serbian operational hence sad
scent fur dj sessions hp refer rarely exists scientists dirty penalty burst portrait seed pole
limits rival stable alpha grave constitutional alcohol arrest flower mystery devil architectural
relationships greatly habitat larry progressive remote cotton preserved reaches cited vast
scholarship decisions cbs joy teach editions knocked eve searching partly participation gap
animated fate excellent na alternate saints youngest climbed suggest discussion staying choir
lakes jacket revenue nevertheless peaked instrument wondering annually managing neil signing
terry apply clinical brooklyn aim catherine fuck farmers figured ninth pride hugh evolution
ordinary involvement comfortable shouted tech encouraged taiwan representation sharing panic
exact cargo competing fat cried occasions pa cabin borders utah marcus badly muscles victorian
transition warner bet permission slave terrible similarly shares seth uefa possession medals
benefits colleges lowered perfectly mall transit publisher harrison deaths elevation asleep
machines sigh ash hardly argument occasion parent leo decline contribution concentration
opportunities hispanic guardian extent emotions hips mason volumes bloody controversy diameter
steady mistake phoenix identify violin departure richmond spin funeral enemies gear literally
connor random sergeant grab confusion transmission informed op leaning sacred suspended thinks
gates portland luck agencies yours hull expert muscle layer practical sculpture jerusalem latest
lloyd statistics deeper recommended warrior arkansas mess supports greg eagle recovered rated
concerts rushed stops eggs files premiere keith delhi turner pit affair belief paint mate victim
withdrew bonus styles fled glasgow technologies funded nbc adaptation portrayed cooperation
supporters judges bernard justin hallway ralph graduating controversial distant continental
spider bite recognize intention mixing egyptian bow tourism suppose claiming tiger dominated
participants vi nurse partially tape psychology essential touring duo voting civilian emotional
channels apparent hebrew tommy carrier intersection beast hudson lab nova bench discuss costa
detailed behalf drivers unfortunately obtain rocky siege friendship honey amy hang posted
governments collins respond wildlife preferred operator laura pregnant videos dennis suspected
boots instantly weird automatic businessman alleged placing throwing ph mood perry venue jet
remainder passion biological boyfriend dirt buffalo ron segment fa abuse genre thrown stroke
colored stress exercise displayed struggled abroad dramatic wonderful thereafter madrid
component widespread tale citizen todd monday vancouver overseas forcing crying descent
discussed substantial ranks regime provinces switch drum zane ted tribes proof lp cream
researchers volunteer manor silk milan donated allies venture principle delivery enterprise bars
traditionally witch reminded copper pete inter links colin grinned elsewhere competitive
frequent scream tension texts submarine finnish defending defend pat detail affiliated stuart
themes villa periods tool belgian ruling crimes answers folded licensed resort demolished hans
lucy lion traded photographs writes craig trials generated beth noble debt percentage yorkshire
erected ss viewed grades confidence ceased islam telephone retail chile roberts sixteen
commented hampshire innocent dual pounds checked regulations afghanistan sung rico liberty
assets bigger options angels relegated tribute wells attending leaf butler romanian forum
monthly lisa patterns gmina madison hurricane rev bristol elite valuable disaster democracy
awareness germans freyja loop absolutely paying populations maine sole prayer spencer releases
doorway bull lover midnight conclusion thirteen lily mediterranean nhl proud sample drummer
guinea murphy climb instant attributed horn ain railways steven autumn ferry opponent root
traveling secured corridor stretched tales sheet trinity cattle helps indicates manhattan
murdered fitted gentle grandmother mines shocked vegas produces caribbean belong continuous
desperate drunk historically trio waved raf dealing nathan bat murmured interrupted residing
scientist pioneer harold aaron delta attempting minority mini believes chorus tend lots eyed
indoor load shots updated jail concerning connecting wealth slaves arrive rangers sufficient
rebuilt cardinal flood muhammad whenever relation runners moral repair viewers arriving revenge
punk assisted bath fairly breathe lists innings illustrated whisper nearest voters clinton ties
ultimate screamed beijing lions andre fictional gathering comfort radar suitable dismissed hms
ban pine wrist atmosphere voivodeship bid timber giants cameron recovery uss identical
categories switched serbia laughter noah ensemble therapy peoples touching locally pearl
platforms everywhere ballet tables lanka herbert outdoor toured derek spaces contested swept
exclusive slight connections winds prisoner collective bangladesh tube publicly wealthy thai
isolated select insisted pen fortune ticket spotted reportedly animation enforcement tanks
decides wider lowest owen nod hitting gregory furthermore magazines fighters solutions pointing
requested peru reed chancellor knights mask worker eldest flames reduction volunteers reporting
wire advisory endemic origins settlers pursue knock consumer eu compound creatures mansion
sentenced ivan deployed guitars frowned involves mechanism kilometers perspective shops maps
terminus duncan alien fist bridges heroes fed derby swallowed patent sara illness characterized
adventures slide hawaii jurisdiction organised adelaide walks biology se rogers swing tightly
boundaries prepare implementation stolen certified colombia edwards garage recalled rage harm
nigeria breast furniture pupils settle cuba balls client alaska linear thrust celebration latino
genetic terror lightning fee witness lodge establishing skull earning hood rebellion wang
sporting warned missile devoted activist porch worship fourteen package decorated housed chess
sailed doctors oscar joan treat garcia harbour jeremy traditions dominant jacques relocated
amendment sized companion simultaneously volleyball spun acre increases stopping loves belongs
affect drafted tossed scout battles filming shoved munich tenure vertical romance pc argue craft
ranging www opens honest tyler yesterday virtual muslims reveal snake immigrants radical
screaming speakers firing saving belonging ease lighting prefecture blame farmer hungry grows
rubbed beam sur subsidiary armenian sao dropping conventional microsoft reply qualify spots
sweat festivals immigration physician discover exposure sandy explanation isaac implemented hart
initiated connect stakes presents heights householder pleased tourist regardless slip closest
surely sultan brings riley preparation aboard slammed baptist experiment ongoing interstate
organic playoffs hindu error tours tier plenty arrangements talks trapped excited sank ho athens
denver welfare suburb athletes trick diverse belly exclusively yelled conversion internationally
computers conductor abilities sensitive hello dispute measured globe rocket prices amsterdam
flights tigers inn municipalities emotion references explains airlines manufactured pm
archaeological interpretation devon comment settlements kissing absolute improvement suite
impressed barcelona sullivan jefferson towers jesse julie grandson hi gauge regard rings
interviews trace raymond thumb departments burns serial bulgarian scores demonstrated kyle
alberta underneath romanized relieved acquisition phrase cliff reveals han cuts merger custom
nee gilbert graduation assessment cafe difficulty demands swung democrat jennifer commons grove
completing focuses sum substitute bearing stretch reception reflected essentially destination
pairs survival resource promoting doubles messages tear parade florence harvey incumbent partial
framework pedro frozen procedure olivia controls shelter personally temperatures brisbane tested
sits marble comprehensive oxygen leonard inaugural iranian referring quarters attitude
mainstream lined mars dakota norfolk unsuccessful explosion helicopter congressional inspector
bitch seal departed divine coaching examination punishment manufacturer sink columns
unincorporated signals nevada squeezed dylan dining photos martial manuel eighteen elevator
brushed plates ministers ivy congregation slept specialized taxes curve restricted negotiations
likes statistical arnold inspiration execution bold intermediate significance margin ruler
wheels gothic intellectual dependent listened eligible buses widow syria earn cincinnati
collapsed recipient secrets accessible philippine maritime goddess clerk surrender breaks
playoff database ideal beetle aspect soap regulation strings expand anglo shorter crosses
retreat tough coins wallace directions pressing shipping locomotives comparison topics nephew
distinction honors travelled sierra ibn fortress sa recognised carved clients intent coaches
describing bread beaten northwestern merit youtube collapse challenges em historians objective
submitted virus attacking drake assume diseases marc stem leeds farming glasses visits nowhere
fellowship relevant carries restaurants experiments constantly bases targets shah tenth
opponents verse territorial writings corruption instruction inherited reverse emphasis employee
arch keeps rabbi watson payment uh nancy venice fastest sexy banned adrian properly ruth
touchdown dollar boards metre circles edges favour comments ok travels liberation scattered
firmly holland permitted diesel kenya den originated demons resumed dragged rider servant
blinked extend torn input meal everybody cylinder kinds camps bullet logic croatian evolved
healthy fool chocolate wise preserve pradesh respective chicken artificial gross corresponding
convicted cage caroline dialogue narrative stranger mario br christianity failing trent
commanding buddhist maurice focusing yale bike altitude mouse revised veteran pulls theology
crashed campaigns legion drag excellence customer cancelled intensity excuse liga participating
contributing printing variable curious bin legacy renaissance symptoms binding vocalist dancer
grammar gospel democrats ya enters sc diplomatic hitler clouds mathematical quit defended
oriented fundamental hardware impressive equally convince confederate guilt chuck sliding
magnetic narrowed petersburg bulgaria otto phd skill reader hopes pitcher reservoir hearts
automatically expecting mysterious bennett extensively imagined seeds monitor fix journalism
struggling signature ranch encounter photographer observation protests influences calendar cruz
croatia locomotive hughes naturally shakespeare basement hook uncredited faded theories
approaches dare phillips filling fury obama efficient arc deliver min raid breeding inducted
leagues efficiency axis montana eagles supplied instructions karen picking indicating trap
anchor practically christians tomb vary occasional electronics lords readers newcastle faint
innovation collect situations engagement claude mixture peer tissue logo lean floors architects
reducing rope ottawa samples banking declaration proteins resignation francois saudi advocate
exhibited armor twins divorce abraham reviewed jo temporarily matrix physically pulse curled
difficulties bengal usage annie riders certificate holes warsaw distinctive jessica mutual
customs circular eugene removal loaded mere vulnerable depicted generations dame heir enormous
lightly climbing pitched lessons pilots nepal ram google preparing brad louise renowned liam
plaza shaw sophie brilliant bills fucking mainland server pleasant seized veterans jerked fail
beta brush radiation stored warmth southeastern nate sin raced berkeley joke athlete designation
trunk roland qualification archives heels artwork receives judicial reserves woke installation
abu floating fake lesser excitement interface concentrated addressed characteristic amanda
saxophone monk auto releasing egg dies interaction defender ce outbreak glory loving sequel
consciousness http awake ski enrolled handling rookie brow somebody biography warfare amounts
contracts presentation fabric dissolved challenged meter psychological lt elevated rally
accurate hospitals undergraduate specialist venezuela exhibit shed nursing protestant fluid
structural footage jared consistent prey succession reflect exile lebanon wiped suspect shanghai
resting integration preservation marvel variant pirates sheep rounded capita sailing colonies
manuscript deemed variations clarke functional emerging boxing relaxed curse azerbaijan
heavyweight nickname editorial rang grid tightened earthquake flashed miguel rushing
improvements boxes brooks consumption molecular felix societies repeatedly variation aids civic
graphics professionals realm autonomous receiver delayed workshop militia chairs trump canyon
harsh extending lovely happiness stake eyebrows embassy wellington hannah sony corners bishops
swear cloth contents xi namely commenced stanford nashville courage graphic commitment garrison
hamlet clearing rebels attraction literacy cooking ruins temples jenny humanity celebrate hasn
freight sixty rebel bastard newton deer smiles delaware singers approaching assists flame
boulevard barrel planted pursuit consequences posts shallow invitation rode depot ernest kane
rod concepts preston topic chambers striking blast arrives descendants montgomery ranges worlds
span chaos praise fewer sanctuary mud fbi programmes maintaining unity harper bore handsome
closure tournaments thunder nebraska linda facade puts satisfied argentine dale cork dome panama
tasks experts feeding equation engage bryan um quartet melody disbanded sheffield blocked gasped
delay kisses maggie connects sts poured creator publishers guided ellis extinct hug gaining
complicated poll clenched investigate thereby quantum spine cdp humor kills administered
semifinals encountered ignore commentary bother roosevelt plains halfway flowing cultures crack
imprisoned neighboring airline gather wolves marathon transformed cruise organisations carol
punch exhibitions numbered alarm ratings daddy silently queens colours impression guidance liu
tactical marshal della arrow rested feared tender owns bitter advisor escort spare farms grants
dragons encourage colleagues cameras sucked pile spirits prague statements suspension landmark
fence torture recreation bags permanently survivors pond spy predecessor bombing coup protecting
transformation glow dug priests andrea feat barn jumping casualties stern auckland pipe serie
revealing ba trevor mercy spectrum yang consist governing collaborated possessed epic comprises
blew shane lopez honored magical sacrifice judgment perceived hammer mtv baronet tune das
missionary sheets neutral oral threatening attractive shade aims seminary estates michel wounds
refugees manufacturers mercury syndrome porter hamburg identification upstairs purse widened
pause cared breathed affiliate santiago prevented celtic fisher recruited byzantine
reconstruction farther diet sake au spite sensation blank separation vladimir armies anime
accommodate orbit cult sofia archive founders sustained disorder honours northeastern mia crops
violet threats blanket fires canton followers southwestern prototype voyage assignment altered
moderate protocol pistol questioned brass lifting math authored doug dimensional dynamic
pronounced grateful quest uncomfortable boom presidency stevens relating politicians chen
barrier quinn diana mosque tribal cheese palmer portions sometime chester treasure wu bend
download millions reforms registration consequently monitoring ate preliminary brandon invented
ps eaten exterior intervention ports documented log displays lecture sally favourite vermont lo
invisible isle breed journalists relay speaks backward explore midfielder actively stefan
procedures cannon blond kenneth centered servants chains libraries malcolm essex henri slavery
facts fairy coached cassie cats washed cop announcement item vinyl activated marco frontier
growled curriculum loyal accomplished leslie ritual kenny vii napoleon hollow hybrid jungle
stationed friedrich counted platinum theatrical seated col rubber glen diversity healing extends
id provisions administrator columbus tributary te assured org prestigious examined lectures
grammy ronald associations bailey allan essays flute believing consultant proceedings travelling
kit kerala yugoslavia buddy methodist burial centres batman discontinued bo dock stockholm lungs
severely citing manga steal mumbai iraqi robot celebrity bride broadcasts abolished pot joel
overhead franz packed reconnaissance johann acknowledged introduce handled doctorate
developments drinks alley palestine proceeded recover bradley grain patch afford infection
nationalist legendary interchange virtually gen gravity exploration amber vital wishes powell
doctrine elbow screenplay contribute indonesian pet creates enzyme kylie discipline drops manila
hunger layers suffer fever bits monica keyboard manages searched appeals testament grande reid
beliefs congo si requiring casey regret streak rape depends syrian sprint pound tourists
upcoming pub tense practiced echo nationwide guild motorcycle liz chiefs desired elena bye
precious absorbed relatives booth pianist citizenship exhausted wilhelm noting quarterback urge
hectares ace holly blonde davies parked sustainable stepping twentieth airfield galaxy nest chip
tan shaft paulo requirement paradise tobacco trans renewed vietnamese suggesting catching holmes
enjoying md trips colt holder butterfly nerve reformed cherry bowling trailer carriage goodbye
appreciate toy joshua interactive enabled involve collar determination bunch facebook recall
shorts superintendent episcopal frustration giovanni nineteenth laser privately array
circulation armstrong deals painful permit discrimination aires retiring cottage ni horizon
ellen jamaica ripped fernando chapters playstation patron lecturer navigation behaviour genes
georgian export solomon rivals swift seventeen rodriguez princeton independently sox arguing
entity casting hank criteria oakland geographic milwaukee reflection expanding conquest dubbed
halt brave brunswick doi arched curtis divorced predominantly somerset streams ugly zoo horrible
curved buenos fierce dictionary vector theological unions handful stability chan punjab segments
altar ignoring gesture monsters pastor thighs unexpected operators abruptly coin compiled
associates improving migration pin compact collegiate reserved quarterfinals roster restore
assembled hurry oval flags martha victories sharply argues deadly neo drawings symbols performer
griffin restrictions editing andrews java journals arabia compositions dee pierce removing hindi
casino runway civilians minds nasa hotels refuge rent retain potentially conferences suburban
conducting descended massacre ammunition terrain fork souls counts chelsea durham drives cab
perth realizing palestinian finn simpson betty moreover particles cardinals tent evaluation
extraordinary inscription wednesday chloe maintains panels ashley trucks cluster sunlight
strikes zhang dialect canon tucked collecting maker quoted evan franco aria buying cleaning eva
closet provision apollo clinic rat necessarily ac venues flipped cent spreading trustees
checking authorized disappointed notion duration trumpet hesitated topped brussels rolls
theoretical hint define aggressive repeat wash peaceful optical width allegedly mcdonald strict
copyright investors mar jam witnesses sounding miranda michelle privacy hugo harmony valid lynn
glared nina headquartered diving boarding gibson albanian marsh routine dealt enhanced er
intelligent substance targeted enlisted discovers spinning observations pissed smoking rebecca
capitol visa varied costume seemingly indies compensation surgeon thursday arsenal westminster
suburbs rid anglican knots foods alumni lighter fraser whoever portal scandal gavin advised
instructor flooding terrorist teenage interim senses duck teen thesis abby eager overcome
newport glenn rises shame prompted priority forgot bomber nicolas protective cartoon katherine
breeze lonely trusted henderson richardson relax banner candy palms remarkable legends cricketer
essay ordained edmund rifles trigger sail alert audiences penn sussex siblings pursued
indianapolis resist rosa consequence succeed avoided inland counsel profession chronicle hurried
eyebrow eventual bleeding innovative cure committees accounting con scope hardy heather tenor
gut herald codes tore scales wagon luxury tin prefer fountain triangle bonds darling convoy
dried traced beings troy accidentally slam findings smelled joey lawyers outcome steep bosnia
configuration shifting toll brook performers lobby philosophical construct shrine aggregate boot
cox phenomenon savage insane solely reynolds lifestyle nationally holdings consideration enable
edgar mo mama fights relegation chances atomic hub conjunction awkward reactions currency finale
kumar underwent steering elaborate gifts comprising melissa veins reasonable sunshine chi solve
trails inhabited elimination ethics huh ana molly consent apartments layout marines hunters bulk
hometown cracked reads neighbouring withdrawn admission wingspan damned anthology lancashire
brands batting forgive cuban awful dimensions imagination dante tracking desperately goalkeeper
groaned workshops confident burton gerald milton circus uncertain slope copenhagen sophia fog
philosopher portraits accent cycling varying gripped larvae garrett specified scotia mature
luther kurt rap aerial ferdinand heated es transported safely nonetheless motors demanding
startled ally generate caps ghana stained demo mentions beds ap afterward diary utility richards
conspiracy conscious shining footsteps observer cyprus urged loyalty developer probability olive
upgraded gym miracle insects graves ourselves hydrogen amazon katie tickets poets planes
prevention witnessed dense jin randy tang warehouse monroe bang archived elderly investigations
alec granite mineral conflicts controlling aboriginal carlo mechanics stan stark rhode skirt est
bombs respected imposed limestone deny nominee memphis grabbing disabled amusement aa frankfurt
corn referendum varies slowed disk firms unconscious incredible clue sue twist joins idaho chad
developers computing destroyer mortal tucker kingston choices yu carson os whitney geneva
pretend dimension staged plateau maya freestyle rovers hiv tristan classroom prospect honestly
diploma lied thermal auxiliary feast unlikely iata morocco pounding treasury lithuania
considerably dish geological matching stumbled destroying marched brien advances cake nicole
belle settling measuring directing tuesday bassist capabilities stunned fraud torpedo anton
wisdom surveillance ruined lawsuit healthcare theorem halls trend aka horizontal dozens acquire
lasting swim hawk gorgeous fees vicinity decrease adoption tactics pakistani draws willie burke
heath algorithm integral powder elliott brigadier jackie tate varieties darker lately cigarette
specimens adds exploded finalist cia murders wilderness arguments nicknamed acceptance onwards
manufacture robertson jets tampa enterprises blog loudly composers nominations ai malta inquiry
automobile hosting viii rays tilted grief museums strategies furious euro equality cohen poison
surrey wireless governed ridiculous moses vanished barnes attract morrison istanbul absent
rotation petition janet satisfaction custody deliberately observatory comedian surfaces pinyin
novelist strictly canterbury oslo monks embrace ibm jealous photograph continent dorothy marina
doc excess holden allegations explaining stack avoiding lance storyline majesty poorly spike dos
bradford raven travis classics proven voltage pillow fists butt interpreted gage telegraph lens
promising expelled casual collector zones silly nintendo downstairs chef suspicious afl flies
vacant uganda pregnancy condemned lutheran estimates cheap decree saxon proximity stripped idiot
deposits contrary presenter magnus glacier im offense edwin upright bolt toss geographical
environments delicate marking abstract xavier nails windsor plantation occurring equity
saskatchewan fears drifted sequences vegetation revolt sooner fusion opposing nato skating
secretly ruin lease edit flora anxiety ruby tel bout taxi emmy frost rainbow compounds
foundations rainfall assassination nightmare dominican achievements deserve orlando intact
armenia calgary valentine marion proclaimed theodore bells courtyard thigh gonzalez console
troop minimal monte everyday supporter terrorism buck openly presbyterian activists carpet
rubbing uprising cute conceived legally millennium cello velocity ji rescued cardiff rex
concentrate senators beard rendered glowing battalions scouts competitors sculptor catalogue
arctic ion raja bicycle wow glancing lawn gentleman lighthouse publish predicted calculated
variants strain winston deceased touchdowns brady caleb sinking echoed crush hon blessed
protagonist hayes endangered magnitude editors estimate responsibilities backup laying consumed
sealed zurich lovers frustrated ahmed kicking mit treasurer biblical refuse terrified pump
agrees genuine imprisonment refuses plymouth lou tara trembling antarctic ton learns crap
crucial faction atop wrap lancaster odds hopkins erik lyon bros snap locality tips empress
crowned cal acclaimed chuckled clara sends mild towel wishing assuming interviewed interactions
eden cups helena indie beck batteries filipino wizard parted traces rows idol albany delegates
discussions notre instructed belgrade highways suggestion lauren possess orientation alexandria
abdul beats salary reunion ludwig alright wagner intimate pockets slovenia hugged brighton
merchants cruel stole trek slopes repairs enrollment politically underlying promotional counting
boeing isabella naming keen bacteria listing separately belfast ussr lithuanian anybody ribs
sphere martinez cock embarrassed proposals fragments nationals premises fin alpine matched
freely bounded jace sleeve gaming pier populated evident frances flooded frightened pour trainer
framed visitor challenging pig wickets infected email arose reward ecuador oblast vale ch
shuttle bach rankings forbidden cornwall accordance salem consumers bruno fantastic toes
machinery resolved julius remembering propaganda iceland bombardment tide contacts wives
concerto macdonald albania implement daisy tapped sudan helmet angela mistress crop sunk finest
hostile boxer fr paths adjusted habit ballot supervision soprano bullets wicked sunset regiments
disappear lamp performs app rabbit digging incidents entries dishes introducing freshman slot
jill tackles baroque backs lone sponsor destiny altogether convert consensus shapes
demonstration basically feminist auction artifacts strongest twitter halifax allmusic mighty
smallest precise alexandra viola manuscripts dancers ari managers monuments blades barracks
springfield maiden consolidated electron berry airing wheat nobel inclusion blair payments
geography bee cc eleanor react afc manitoba su lineup fitness recreational investments airborne
disappointment edmonton viewing renovation infant bankruptcy roses aftermath pavilion carpenter
withdrawal ladder discussing popped reliable agreements rochester curves bombers rao reverend
decreased choosing stiff consulting naples crawford tracy ka ribbon cops crushed deciding
unified teenager accepting flagship explorer poles sanchez inspection revived skilled induced
exchanged flee locals tragedy swallow loading hanna demonstrate salvador flown contestants
civilization wanna rhodes fletcher hector knocking considers nash mechanisms sensed mentally
walt unclear renovated madame crews governmental undertaken monkey fatal armored copa caves
governance grasp perception certification froze damp tugged wyoming newman nerves curiosity
graph withdraw tunnels dull meredith moss exhibits neighbors communicate accuracy explored
raiders republicans secular kat superman penny criticised freed update conviction wade ham
likewise delegation gotta doll promises technological myth nationality resolve convent sharon
dig sip coordinator entrepreneur fold capability councillor synonym blown swan cursed jonas
haired sofa canvas keeper rivalry rapper speedway swords postal maxwell estonia potter recurring
errors cognitive claws nadu roberto bce wrestler ellie infinite ink presumably finite staircase
noel patricia nacional chill eternal tu preventing prussia fossil limbs ernst frog perez rene
pizza prussian molecules regulatory answering opinions sworn lengths supposedly hypothesis
upward habitats seating ancestors drank yield hd synthesis researcher modest mothers peered
voluntary homeland acclaim static valve luxembourg alto carroll fe receptor norton ambulance
johnston catholics depicting jointly elephant gloria mentor badge ahmad distinguish remarked
councils precisely allison advancing detection crowded cooperative ankle mercedes dagger
surrendered pollution commit subway jeffrey lesson sculptures provider membrane timothy
rectangular fiscal heating teammate basket particle anonymous deployment missiles courthouse
proportion shoe sec complaints forbes blacks abandon remind sizes overwhelming autobiography
natalie risks contestant countryside babies scorer invaded enclosed proceed hurling disorders
reflecting continuously cruiser graduates freeway investigated ore deserved maid blocking
phillip jorge shakes dove mann variables lacked burden accompanying que consistently organizing
provisional complained endless tubes juice georges krishna mick labels thriller laps arcade sage
snail shannon fi laurence seoul vacation presenting hire churchill surprisingly prohibited
savannah technically testimony suited speeds toys romans mlb flowering measurement talented kay
settings charleston expectations shattered achieving triumph ceremonies portsmouth lanes
mandatory loser stretching cologne realizes seventy cornell careers webb americas budapest ava
suspicion yo conrad sterling jessie rector transform organize loans christine volcanic warrant
slender summers subfamily newer danced dynamics rhine proceeds heinrich gastropod commands sings
facilitate easter ra positioned responses expense fruits yanked imported velvet vic primitive
tribune baldwin neighbourhood donna rip hay pr espn welcomed qualifier glare highland timing
shells eased geometry louder exciting slovakia savings prairie marching rafael tonnes curtain
preceding shy heal greene worthy detachment bury sherman reinforced seeks bottles contracted
duchess outfit walsh mickey geoffrey archer squeeze dawson eliminate invention neal stance
dealer coral maple retire polo simplified hid watts backwards jules genesis mt frames rebounds
burma woodland moist santos whispers drained subspecies streaming ulster burnt correspondence
maternal gerard denis stealing genius duchy inaugurated momentum suits placement sovereign
clause thames confederation reservation sketch yankees lets rotten charm hal verses ultra
commercially dot salon citation adopt winnipeg mist allocated cairo jenkins interference
objectives portfolio armoured sectors initiatives integrity exercises robe tap ab gazed
distracted rulers favorable jerome tended cart factories diplomat valued gravel charitable
calvin exploring chang shepherd terrace pdf pupil reflects ups governors shelf depths trailed
crest tackle hatred clare makers ethiopia longtime detected embedded lacking slapped rely
thomson anticipation iso morton successive agnes screenwriter straightened philippe playwright
haunted licence iris intentions sutton logical correctly branded licked tipped silva ricky
narrator requests greeted supernatural cow lung refusing employer strait gaelic liner zoe sabha
driveway harvest prints bates reluctantly threshold algebra ira wherever coupled assumption
picks designers raids gentlemen roller blowing leipzig locks screw dressing strand scar dwarf
depicts nods differ boris yuan flip mob invested questioning applying shout gameplay blamed
illustrations bothered weakness rehabilitation envelope rumors miners leicester subtle kerry
ferguson premiership ne bengali prof catches remnants dana shouting presidents baltic ought
ghosts dances sailors shirley fancy dominic madonna bark buttons gymnasium ashes liver toby oath
providence doyle evangelical nixon cement carnegie embarked hatch surroundings guarantee needing
pirate essence filter crane hammond projected immune percy twelfth regent doctoral damon mikhail
lu critically elect realised abortion acute screening mythology steadily frown nottingham kirk
wa minneapolis module
"""


@cache
def common_words(n: int) -> frozenset[str]:
    """The ``n`` most frequent words (at most 8,000)."""
    return frozenset(_WORDS.split()[:n])
