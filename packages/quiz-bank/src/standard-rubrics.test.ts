import { gradeScriptAnswer } from '@kefu/scoring';
import { describe, expect, it } from 'vitest';
import { loadStandardBank } from './load-bank.js';

/**
 * Answers written for these tests from the standard phrases (seed 000 篇3, seed 002) and the kinds
 * of mistakes trainers mark: forbidden words, missing steps, wrong order, a typo that turns the
 * meaning around, blaming the customer. Each item's scenario (宏远, 王先生, 安达家电, 3月5日,
 * 热水器安装, an electric rice cooker bought last week) is kept.
 */
const cases: Record<string, { pass: string[]; fail: string[] }> = {
  'greeting.opening': {
    pass: [
      '您好!欢迎致电顺达物流客户服务热线,我是客服代表张敏,很高兴为您服务,请问有什么可以帮您?',
      '您好,歡迎來電順達物流客服熱線,客服代表小周很樂意為您服務,請問有什麼可以幫到您?',
      '您好 欢迎致电顺达物流客户服务热线 客服代表张敏很高兴为您服务 请问有什么可以帮助您',
      '您好,欢迎致电顺达物流客户服务热线,客服代表张敏很高心为您服务,请问有什么可以帮助您?',
    ],
    fail: [
      '您好,欢迎致电顺达物流客户服务热线,请问有什么可以帮助您?',
      '喂喂,您好,欢迎致电顺达物流客户服务热线,客服代表张敏很高兴为您服务,请问有什么可以帮助您?',
      '您好,欢迎致电顺达物流客户服务热线,客服代表张敏很高兴为您服务。',
      '您好,欢迎致电顺达物流客户服务热线,客服代表张敏不高兴为您服务,请问有什么可以帮助您?',
    ],
  },
  'greeting.reply': {
    pass: ['您好!请问有什么能帮您?', '您好,请问您需要什么帮助?', '您好,請問有什麼可以幫您的嗎?'],
    fail: ['喂,说吧!', '有什么事?', '您好,请讲。', '你好,有什么可以帮助我的?'],
  },
  'address.surname': {
    pass: [
      '王先生您好,请问有什么可以帮您?',
      '王先生,請問有什麼可以幫助您?',
      '好的王先生,请问还有什么可以帮到您?',
    ],
    fail: ['先生您好,请问有什么可以帮您?', '王女士,请问有什么可以帮助您?', '老王,有什么事?', '王先生,您好。'],
  },
  'call.silent': {
    pass: [
      '您好,请问有什么可以帮助您?(等5秒)您好,请问有什么可以帮您?(再等5秒)对不起,您的电话没有声音,请您换一部电话再打来,好吗?再见!(5秒后挂机)',
      '您好!請問有什麼可以幫助您?(稍停5秒)您好,請問有什麼可以幫助您?(稍停5秒)對不起,您的電話沒有聲音,請您換一部電話再次打來,好嗎?再見!',
    ],
    fail: [
      '喂,说话呀!再不说话我就挂了啊!',
      '您好,请问有什么可以帮助您?(稍停5秒)对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!',
      '您好,请问有什么可以帮助您?(稍停5秒)您好,请问有什么可以帮助您?(稍停5秒)(挂机)',
      '(挂机)您好,请问有什么可以帮助您?您好,请问有什么可以帮助您?对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!',
    ],
  },
  'call.speakerphone': {
    pass: [
      '对不起,您的声音太小了,请您拿起话筒说话,好吗?',
      '不好意思,您的声音有点小,麻烦您把免提关掉,拿起听筒说话好吗?',
    ],
    fail: ['喂,大声一点儿!', '对不起,您的声音太小,请您放下话筒说话好吗?', '您的声音太小,拿起话筒说话。'],
  },
  'call.low-volume': {
    pass: [
      '对不起,请您大声一点好吗?(仍然听不清)对不起,您的电话声音太小,请您换一部电话打来好吗?',
      '對不起!請您大聲一點,好嗎?(還是聽不清)對不起!您的電話聲音太小,請您換一部電話打來,好嗎?',
    ],
    fail: [
      '对不起,请您大声一点,好吗?',
      '对不起,您的电话声音太小,请您换一部电话打来,好吗?',
      '(挂机)',
      '对不起,请您小声一点,好吗?(仍听不清)对不起,您的电话声音太小,请您换一部电话打来,好吗?',
    ],
  },
  'call.noisy-line': {
    pass: [
      '对不起,您的电话杂音太大,我听不清楚,请您换一部电话再打来好吗?再见!',
      '抱歉,您那边噪音很大,听不清您说的话,麻烦您换一部电话再拨打,好吗?再见!',
    ],
    fail: [
      '(直接挂机)',
      '对不起,您的电话杂音太大,听不清,再见!',
      '对不起,您的电话杂音太大,听不清,请您别再打来了,再见!',
    ],
  },
  'call.dialect': {
    pass: [
      '对不起,请您讲普通话好吗?谢谢!(客户仍讲方言)对不起,请您找一位会讲普通话的人来接电话,好吗?谢谢!',
      '對不起,請您說普通話,好嗎?謝謝!(仍講方言)對不起,請您找一個能講普通話的人來,好嗎?謝謝!',
    ],
    fail: [
      '对不起,请您找一个会讲普通话的人来好吗?谢谢!',
      '听不懂你说什么,挂了。',
      '对不起,请您讲普通话,好吗?谢谢!(客户仍讲方言)好嘅,我同你讲粤语啦。',
    ],
  },
  'revisit.opening': {
    pass: [
      '您好,我是安达家电的客服小李,请问您是王先生吗?打扰您了。感谢您3月5日接受了我们的热水器安装服务,请问您对这次服务满意吗?',
      '您好,我是安達家電客服小李,請問您是王先生嗎?打擾您了。感謝您在3月5日接受我們的熱水器安裝服務,請問您對安裝服務滿意嗎?',
    ],
    fail: [
      '您好,请问您是王先生吗?感谢您使用了我们的服务,请问您满意吗?',
      '您好,我是安达家电的客服小李,请问您是王先生吗?打扰您了。请问您对我们的服务满意吗?',
      '您好,我是安达家电的客服小李,请问您是王先生吗?打扰您了。感谢您在3月5日接受了我们的热水器安装服务。',
    ],
  },
  'revisit.close-satisfied': {
    pass: [
      '谢谢您的答复,您如果有什么需要,可以随时联系我们,祝您节日快乐,再见!',
      '感謝您的答覆,您若需要什麼幫助,可隨時跟我們聯繫,祝您生活愉快,再見!',
    ],
    fail: ['好的,再见。', '谢谢您的答复,再见!', '谢谢您的答复,有需要随时联系我们,再见!'],
  },
  'revisit.close-unsatisfied': {
    pass: [
      '非常感谢您的反馈,这一点我们确实做得不够好,我们会尽快改进,希望您继续监督,祝您生活愉快,再见!',
      '非常感謝您的反饋,這一點我們確實做得不夠,我們很快就會有改進,希望您監督,祝您節日快樂,再見!',
    ],
    fail: [
      '谢谢,再见。',
      '非常感谢您的反馈,不过这是您自己操作不当造成的,祝您生活愉快,再见!',
      '非常感谢您的反馈,这一点我们确实做得不够,希望您监督,再见!',
    ],
  },
  'complaint.first-response': {
    pass: [
      '非常抱歉给您添麻烦了,请您告诉我订单号和具体的故障情况,我马上登记,明天上午10点前给您回电话说明处理方案。',
      '真對不起,讓您遇到這樣的問題。麻煩您提供一下訂單號和故障情況,我這邊馬上為您提交售後申請,今天下午3點前給您回覆。',
    ],
    fail: [
      '这个不归我们管,您找厂家吧。',
      '非常抱歉给您带来不便,请您提供一下订单号和故障情况。',
      '请您提供订单号,我们会尽快给您回电。',
      '非常抱歉,这是您自己使用不当造成的,我们会给您回电。',
      '非常抱歉,请您提供订单号和故障情况,我们会尽快给您回电。',
    ],
  },
};

describe('standard script rubrics', () => {
  const bank = loadStandardBank();
  for (const [itemId, { pass, fail }] of Object.entries(cases)) {
    const rubric = bank.rubricFor(itemId);
    it(`passes good answers and fails flawed ones when grading ${itemId}`, () => {
      expect(rubric).toBeDefined();
      if (!rubric) return;
      const wrong: string[] = [];
      for (const answer of pass) {
        const grade = gradeScriptAnswer(rubric, answer);
        if (!grade.passed) wrong.push(`should pass: ${answer} — ${grade.feedback.join(' ')}`);
      }
      for (const answer of fail) {
        if (gradeScriptAnswer(rubric, answer).passed) wrong.push(`should fail: ${answer}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

/**
 * More answers written for these tests: regional and colloquial wording that must pass, and
 * answers with every expected phrase that break a house rule, a stage-direction rule or the
 * item's scenario facts.
 */
const moreCases: [string, boolean, string][] = [
  [
    'greeting.opening',
    true,
    '您好,感谢致电宏远客户服务热线,我是客服代表张敏,非常乐意为您服务,请问有什么能为您效劳的?',
  ],
  [
    'greeting.opening',
    true,
    '晚上好!欢迎拨打宏远客服热线,我是工号2231的客服小赵,很高兴为您服务,请问您需要办理什么业务?',
  ],
  [
    'greeting.opening',
    true,
    '您好,欢迎致电宏远客户服务热线,客服代表小宋很开心为您服务,请问有什么可以帮您的吗?',
  ],
  [
    'greeting.opening',
    false,
    '您好,欢迎致电宏远客户服务热线,客服代表小宋很高兴为您服务,有什么事快点讲,后面还有很多客户在等。',
  ],
  [
    'greeting.opening',
    false,
    '您好,欢迎致电宏源客户服务热线,我是客服代表小宋,很高兴为您服务,请问有什么可以帮您?',
  ],
  [
    'greeting.opening',
    false,
    '您好,欢迎致电宏远客户服务热线,客服代表小宋很高兴为您服务,请问有什么可以帮您?记得通话结束给个十分哦。',
  ],
  [
    'greeting.opening',
    false,
    '您好,欢迎致电宏远客户服务热线,客服代表小宋很高兴为您服务,请问有什么可以帮您?您别磨蹭了,我可没那么多时间。',
  ],
  ['greeting.reply', true, '您好!请问今天有什么我能为您做的吗?'],
  ['greeting.reply', true, '您好,謝謝您,請問有什麼可以替您服務的?'],
  ['greeting.reply', false, '您好,李女士,请问有什么可以帮助您?'],
  ['greeting.reply', false, '您好,请问有什么可以帮助您?我们这边马上要下班了,您抓紧时间。'],
  ['greeting.reply', false, '您好,我们这儿帮不了您什么,请问您找谁?'],
  ['address.surname', true, '王先生您好,请问有什么我可以为您效劳的?'],
  ['address.surname', true, '好的,王先生,請問有甚麼需要我協助您處理的?'],
  ['address.surname', false, '王生,请问有什么可以帮您?'],
  ['address.surname', false, '王经理,请问有什么可以帮您?'],
  ['address.surname', false, '王先生,请问有什么可以帮您?(客户说明来意后)好的大哥,我给您查一下。'],
  ['address.surname', false, '黄先生,请问有什么可以帮助您?'],
  [
    'call.silent',
    true,
    '您好,请问有什么可以帮您?(等待5秒)您好,请问有什么需要帮助的吗?(再等5秒)很抱歉,我这边听不到您的声音,麻烦您换一部电话再打来,好吗?再见!(5秒后挂断)',
  ],
  [
    'call.silent',
    true,
    '您好!請問有什麼可以幫您?(停頓五秒)您好,請問有什麼可以幫您?(停頓五秒)對不起,您的電話沒有聲音,請您換一部電話再次打來,好嗎?再見!(五秒後掛線)',
  ],
  [
    'call.silent',
    false,
    '您好,请问有什么可以帮您?(稍停5秒)对不起,您的电话没有声音,请您换一部电话再打来,好吗?再见!(稍停5秒后挂机)',
  ],
  [
    'call.silent',
    false,
    '您好,请问有什么可以帮您?(稍停5秒)您好,请问有什么可以帮您?(稍停5秒)对不起,您的电话没有声音,请您换一部电话再打来,好吗?再见!(不等回应即挂机)',
  ],
  [
    'call.silent',
    false,
    '您好,请问有什么可以帮您?(稍停5秒)您好,请问有什么可以帮您?(稍停5秒)再这样不出声,我可要挂了。对不起,您的电话没有声音,请您换一部电话再打来,好吗?再见!(稍停5秒后挂机)',
  ],
  [
    'call.silent',
    false,
    '您好,请问有什么可以帮您?(停2秒)您好,请问有什么可以帮您?(停2秒)对不起,您的电话没有声音,请您换一部电话再打来,好吗?再见!(稍停5秒后挂机)',
  ],
  [
    'call.silent',
    false,
    '您好,请问有什么可以帮您?您好,请问有什么可以帮您?对不起,您的电话没有声音,请您换一部电话再打来,好吗?再见!',
  ],
  ['call.speakerphone', true, '不好意思,您的声音听起来比较小,麻烦您把免提关了,拿起话筒跟我说,好吗?谢谢!'],
  ['call.speakerphone', true, '對不起,您那邊開著擴音,我聽不太清楚,請您拿起話筒講話,好嗎?'],
  ['call.speakerphone', false, '对不起,您的声音太小,请您拿起话筒说话好吗?开免提打客服,您也真够可以的。'],
  ['call.speakerphone', false, '对不起,您的声音太小,请您拿起话筒说话好吗?(提高音量)听到没有?'],
  [
    'call.speakerphone',
    false,
    '对不起,您的声音太小,麻烦您拿起话筒说话好吗?不拿话筒的话我这边就没法处理了,只能挂了。',
  ],
  [
    'call.low-volume',
    true,
    '对不起,麻烦您说话声音大一些,好吗?(仍然听不清)对不起,您的电话声音实在太小,麻烦您换个电话再打来,好吗?(稍停5秒挂机)',
  ],
  [
    'call.low-volume',
    true,
    '不好意思,請您大聲一點好嗎?(仍聽不清)不好意思,您的電話聲音太小,請您用另一部電話打來,好嗎?謝謝!',
  ],
  [
    'call.low-volume',
    false,
    '(把音量调高)对不起,请您大声一点好吗?(仍听不清)对不起,您的电话声音太小,请您换一部电话打来,好吗?(5秒后挂机)',
  ],
  [
    'call.low-volume',
    false,
    '对不起,请您大声一点好吗?(仍听不清)对不起,您的电话声音太小,请您换一部电话打来,好吗?(话音刚落就挂机)',
  ],
  [
    'call.low-volume',
    false,
    '对不起,请您大声一点好吗?(仍听不清)您蚊子一样的声音谁听得清?请您换一部电话打来,好吗?',
  ],
  [
    'call.noisy-line',
    true,
    '很抱歉,您的电话噪音很大,我听不清楚,麻烦您换一部电话再打进来,好吗?再见!(稍等5秒后挂机)',
  ],
  ['call.noisy-line', true, '對不起,您的電話雜音太大,我聽不清,麻煩您換部電話再撥過來,好嗎?再見!(五秒後掛斷)'],
  ['call.noisy-line', false, '对不起,您的电话杂音太大,听不清,请您换一部电话再次打来好吗?再见!(挂机)'],
  [
    'call.noisy-line',
    false,
    '对不起,您的电话杂音太大,听不清,请您换一部电话再打来好吗?重新打来我给您免费升级会员,再见!(稍停5秒,挂机)',
  ],
  [
    'call.dialect',
    true,
    '不好意思,我听不懂您的方言,麻烦您说普通话好吗?谢谢!(客户继续讲方言)不好意思,麻烦您请一位会讲普通话的家人来听电话,好吗?谢谢!',
  ],
  [
    'call.dialect',
    true,
    '對不起,請您講國語,好嗎?謝謝!(客戶仍講方言)對不起,請問您身邊有沒有會講國語的朋友?麻煩他來接聽一下,好嗎?謝謝!',
  ],
  [
    'call.dialect',
    false,
    '对不起,请您讲普通话好吗?谢谢!(客户仍讲方言)我听出来了,您是潮汕人吧,那我用潮汕话跟您讲。',
  ],
  [
    'call.dialect',
    false,
    '对不起,请您讲普通话好吗?谢谢!(客户仍讲方言)对不起,请您找一个会讲普通话的人来,好吗?(没等对方回应就挂了电话)',
  ],
  [
    'call.dialect',
    false,
    '对不起,请您讲普通话好吗?(客户仍讲方言)您这话我一句都听不懂,还是叫个会说普通话的来吧!',
  ],
  [
    'revisit.opening',
    true,
    '您好,我是安达家电客服小李,请问您是王先生吗?打扰您几分钟。感谢您3月5日选择我们的热水器安装服务,请问您对这次安装满意吗?',
  ],
  [
    'revisit.opening',
    true,
    '您好,這裡是安達家電,我是客服小李,請問您是王先生嗎?冒昧打擾了。謝謝您在3月5號接受我們的熱水器安裝服務,請問您對安裝服務滿意嗎?',
  ],
  [
    'revisit.opening',
    false,
    '您好,我是安达家电客服小李,请问您是王先生吗?打扰您了。感谢您在4月5日接受了我们的热水器安装服务,请问您对这次服务满意吗?',
  ],
  [
    'revisit.opening',
    false,
    '您好,我是安达家电客服小李,请问您是王先生吗?打扰您了。感谢您在3月5日接受了我们的空调安装服务,请问您对这次服务满意吗?',
  ],
  [
    'revisit.opening',
    false,
    '您好,我是安达家电客服小李,请问您是王女士吗?打扰您了。感谢您在3月5日接受了我们的热水器安装服务,请问您对这次服务满意吗?',
  ],
  [
    'revisit.opening',
    false,
    '您好,我是安达家电客服小李,请问您是王先生吗?打扰您了。感谢您在3月5日接受了我们的热水器安装服务,您对这次服务应该挺满意的吧?',
  ],
  [
    'revisit.opening',
    false,
    '(凌晨6点拨打)您好,我是安达家电客服小李,请问您是王先生吗?打扰您了。感谢您在3月5日接受了我们的热水器安装服务,请问您对这次服务满意吗?',
  ],
  [
    'revisit.opening',
    false,
    '您好,我是安达家电客服小李,打扰您了,请问您是王先生吗?感谢您在3月5日接受了我们的热水器安装服务,请问您对这次服务满意吗?',
  ],
  [
    'revisit.opening',
    false,
    '您好,我是安达家电客服小李,请问您是王先生吗?打扰您了。感谢您在3月5日接受了我们的热水器安装服务,请问您满意吗?装都装完了,有意见也晚了。',
  ],
  [
    'revisit.close-satisfied',
    true,
    '非常感谢您的回答!以后车子有什么需要,欢迎随时联系我们,祝您一路平安,再见!',
  ],
  ['revisit.close-satisfied', true, '謝謝您的答覆,日後有任何需要,歡迎隨時致電我們,祝您駕車順利,再見!'],
  [
    'revisit.close-satisfied',
    false,
    '感谢您的答复,有需要随时联系我们,待会儿的回访短信您可一定要评非常满意哦,祝您开车愉快,再见!',
  ],
  [
    'revisit.close-satisfied',
    false,
    '感谢您的答复,有需要随时联系我们,我私下送您一张洗车卡,祝您开车愉快,再见!',
  ],
  ['revisit.close-satisfied', false, '感谢您的答复,祝您开车愉快,再见!'],
  [
    'revisit.close-satisfied',
    false,
    '感谢您的答复,有需要随时联系我们,祝您开车愉快,再见!(客户还在说话就挂断)',
  ],
  [
    'revisit.close-unsatisfied',
    true,
    '谢谢您的宝贵意见,这次上门迟到还没解释,确实是我们的不足,我们一定会改进,请您继续监督,祝您生活愉快,再见!',
  ],
  [
    'revisit.close-unsatisfied',
    false,
    '非常感谢您的反馈,师傅迟到是因为您没有留对地址,我们会改进的,希望您监督,祝您生活愉快,再见!',
  ],
  [
    'revisit.close-unsatisfied',
    false,
    '非常感谢您的反馈,这一点我们确实做得不够,作为补偿下次维修我给您打五折,我们会改进,希望您监督,再见!',
  ],
  [
    'revisit.close-unsatisfied',
    false,
    '非常感谢您的反馈,这一点我们确实做得不够,我们会改进,希望您监督,祝您生活愉快,再见!待会儿评价别给差评啊。',
  ],
  [
    'revisit.close-unsatisfied',
    false,
    '非常感谢您的反馈,我们的师傅一向准时,这次不存在做得不够的问题,祝您生活愉快,再见!',
  ],
  [
    'complaint.first-response',
    true,
    '实在抱歉,新买的电饭煲就出了问题,换谁都会不高兴。麻烦您告诉我订单号,再说说是通电没反应还是不加热?我马上登记,明天中午前给您回电话。',
  ],
  [
    'complaint.first-response',
    true,
    '非常對不起,給您添麻煩了。請問您的訂單編號是多少?電飯鍋是完全不能加熱嗎?我立即為您提交售後申請,今天內致電您確認上門檢測時間。',
  ],
  [
    'complaint.first-response',
    false,
    '非常抱歉,请您提供订单号,我登记一下,明天给您回电。不过说实话,这种小家电您应该买个好点的牌子。',
  ],
  [
    'complaint.first-response',
    false,
    '非常抱歉,请您提供订单号和故障情况,我马上给您换一台新的,再送您一台电风扇作为补偿。',
  ],
  [
    'complaint.first-response',
    false,
    '非常抱歉,跟您确认一下,您上周买的微波炉用了两天就不能加热了,对吗?请提供订单号,我登记后明天上午给您回电。',
  ],
  ['complaint.first-response', false, '非常抱歉,请您提供订单号和故障情况,我们会尽快处理的。'],
  [
    'complaint.first-response',
    false,
    '您冷静一点,这么大声我听不清。非常抱歉,请您提供订单号,我登记后明天上午给您回电。',
  ],
];

describe('standard script rubrics on more answers', () => {
  const bank = loadStandardBank();
  it('agrees with the expected verdict when grading paraphrases and slips', () => {
    const wrong: string[] = [];
    for (const [itemId, pass, answer] of moreCases) {
      const rubric = bank.rubricFor(itemId);
      if (!rubric) throw new Error(`no rubric for ${itemId}`);
      const grade = gradeScriptAnswer(rubric, answer);
      if (grade.passed !== pass)
        wrong.push(`${itemId} should ${pass ? 'pass' : 'fail'}: ${answer} — ${grade.feedback.join(' ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
